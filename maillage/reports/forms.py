from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.periods import PeriodForm, last_full_quarter


class ReportPeriodForm(PeriodForm):
    """The period of the report, read from the query string (nothing sensitive in it), and the
    paper of the PDF. Without a period in the query string: the last complete quarter, what a
    funder usually asks for first. No limit on custom dates."""

    paper = forms.ChoiceField(
        label=_("Paper size of the PDF"),
        required=False,
        choices=[("letter", _("Letter")), ("a4", "A4")],
    )

    def __init__(self, query=None, *, today, **kwargs):
        super().__init__(query, today=today, default=last_full_quarter(today), **kwargs)
