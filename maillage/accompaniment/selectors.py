"""What other pages read of the accompaniment: a family's plan and latest contacts.

The family page shows them through the sections of ``sections.py``; the plan's own views
render the plan partial with ``plan_for``.
"""

from django.utils.translation import gettext_lazy

from maillage.core.taxonomy import InterventionType, Need

from .forms import PriorityForm, StepForm
from .models import StepStatus

# What each status of a step can move to, as one tap each.
_START = (StepStatus.IN_PROGRESS, gettext_lazy("Start"))
_DONE = (StepStatus.DONE, gettext_lazy("Mark as done"))
_DROP = (StepStatus.DROPPED, gettext_lazy("Set aside"))
_REOPEN = (StepStatus.TO_DO, gettext_lazy("Reopen"))
STEP_ACTIONS = {
    StepStatus.TO_DO: (_START, _DONE, _DROP),
    StepStatus.IN_PROGRESS: (_DONE, _DROP),
    StepStatus.DONE: (_REOPEN,),
    StepStatus.DROPPED: (_REOPEN,),
}


def _labels(values, choices):
    return [choices(value).label for value in values if value in choices.values]


class Plan(list):
    """The family's priorities, steps prefetched, ready for ``partials/plan.html``.

    Each priority gets ``need_label``, ``done_count`` and ``step_count`` (steps set aside
    count in neither), ``step_form``; each step gets ``actions``; the plan itself has
    ``priority_form`` and the totals ``done_count`` and ``step_count``.
    """

    priority_form = None
    done_count = 0
    step_count = 0


def plan_for(family, priorities=None, *, priority_form=None, step_form=None) -> Plan:
    """The plan of ``family``, in two queries.

    ``priorities``: the family's priorities when the caller already fetched them with
    their steps (``prefetch_related("priorities__steps")``), to save the queries.
    ``priority_form`` / ``step_form``: a form that failed, to show with its errors.
    """
    if priorities is None:
        priorities = family.priorities.prefetch_related("steps")
    plan = Plan(priorities)
    for priority in plan:
        counted = [step for step in priority.steps.all() if step.status != StepStatus.DROPPED]
        priority.step_count = len(counted)
        priority.done_count = sum(1 for step in counted if step.status == StepStatus.DONE)
        priority.need_label = Need(priority.need).label if priority.need in Need.values else ""
        if step_form is not None and step_form.priority.pk == priority.pk:
            priority.step_form = step_form
        else:
            priority.step_form = StepForm(priority=priority)
        for step in priority.steps.all():
            step.actions = STEP_ACTIONS.get(step.status, ())
        plan.step_count += priority.step_count
        plan.done_count += priority.done_count
    plan.priority_form = priority_form or PriorityForm()
    return plan


def contacts_for(family, contacts=None, *, limit=50) -> list:
    """The latest contacts of ``family`` for ``partials/contacts.html``, in one query.

    Each gets ``need_labels`` and ``intervention_labels``. ``contacts``: already fetched.
    """
    if contacts is None:
        contacts = family.contacts.select_related("worker")[:limit]
    contacts = list(contacts)
    for contact in contacts:
        contact.need_labels = _labels(contact.needs, Need)
        contact.intervention_labels = _labels(contact.interventions, InterventionType)
    return contacts
