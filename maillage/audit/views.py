from datetime import datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.access import member_required
from maillage.core.forms import DateRangeMixin, date_input_field
from maillage.core.roles import PLATFORM_ROLES

from .chain import verify_since_last_verification
from .labels import action_choices
from .models import AuditEvent
from .services import platform_log_events


class AuditFilterForm(DateRangeMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    person = forms.ChoiceField(label=_("Person"), required=False)
    start = date_input_field(_("From"))
    end = date_input_field(_("To"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *action_choices()]
        self.fields["person"].choices = [("", _("Everyone"))] + [
            (str(user.uuid), str(user)) for user in people
        ]

    def apply(self, events):
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["person"]:
            events = events.filter(actor__uuid=data["person"])
        zone = timezone.get_current_timezone()
        if data["start"]:
            events = events.filter(
                occurred_at__gte=datetime.combine(data["start"], time.min, tzinfo=zone)
            )
        if data["end"]:
            events = events.filter(
                occurred_at__lte=datetime.combine(data["end"], time.max, tzinfo=zone)
            )
        return events


def _render_log(request, events, people, template_context):
    form = AuditFilterForm(request.GET, people=people)
    events = form.apply(events.select_related("actor"))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, **template_context}
    template = "audit/log_rows.html" if request.htmx else "audit/log.html"
    return render(request, template, context)


def _people(**memberships):
    """The people whose memberships match, one per membership, in the memberships' order.

    Through the user model's relation: accounts sits above the audit.
    """
    return list(
        get_user_model()
        .objects.filter(**memberships)
        .annotate(membership_role=F("memberships__role"))
        .order_by("membership_role")
    )


@member_required("can_read_audit")
def organization_log(request):
    people = _people(memberships__organization=request.organization)
    context = {"title": _("Audit log of the organization")}
    if not request.htmx:
        # On the full page only (not on each filter's rows): the events written since the
        # last full verification, or the whole chain when there was none.
        context["chain"], context["last_verification"] = verify_since_last_verification(
            request.organization
        )
    return _render_log(
        request,
        AuditEvent.objects.for_org(request.organization),
        people,
        context,
    )


@member_required("can_administer_platform", scope="platform")
def platform_log(request):
    people = _people(memberships__role__in=PLATFORM_ROLES)
    return _render_log(
        request, platform_log_events(), people, {"title": _("Audit log of the platform")}
    )
