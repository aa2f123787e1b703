"""The accompaniment's sections of the family page (``families/page.py``)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from maillage.families.page import Section
from maillage.families.timeline import Moment

from .models import Priority, Step
from .selectors import contacts_for, plan_for


def _plan_prefetch(organization):
    steps = Step.objects.for_org(organization).order_by("due_on", "created_at", "id")
    return [
        Prefetch(
            "priorities",
            queryset=Priority.objects.for_org(organization).prefetch_related(
                Prefetch("steps", queryset=steps)
            ),
        )
    ]


def _plan_moments(context):
    return [
        Moment(step.done_on, "step", _("Step done: %(step)s") % {"step": step.description})
        for priority in context["priorities"]
        for step in priority.steps.all()
        if step.done_on
    ]


def _contact_moments(context):
    return [
        Moment(
            contact.date,
            "contact",
            _("%(mode)s, %(minutes)s min")
            % {"mode": contact.get_mode_display(), "minutes": contact.duration_minutes},
        )
        for contact in context["contacts"]
    ]


PLAN = Section(
    name="accompaniment.plan",
    position=10,
    template="accompaniment/partials/plan.html",
    context=lambda request, family: {"priorities": plan_for(family, family.priorities.all())},
    prefetch=_plan_prefetch,
    moments=_plan_moments,
)
CONTACTS = Section(
    name="accompaniment.contacts",
    position=20,
    template="accompaniment/partials/contacts_section.html",
    context=lambda request, family: {
        "contacts": contacts_for(family, family.contacts.select_related("worker")[:50])
    },
    moments=_contact_moments,
)
