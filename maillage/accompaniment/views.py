"""Contacts with a family, and the family's plan (plan de match).

The family page (``families:detail``) shows the two partials of this app as sections
(``sections.py``), with what ``selectors.py`` reads for them.

The plan's forms post to the views below; with htmx they answer with the plan partial
alone, without it they redirect to the family page (``#plan``).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.access import member_required
from maillage.families.access import (
    can_see_sensitive,
    get_family_for_user,
    get_family_row,
)
from maillage.families.models import Family
from maillage.families.services import record_read

from . import services
from .forms import ContactForm, PriorityForm, StepForm, StepStatusForm
from .models import Contact, Priority, Step
from .selectors import plan_for

# --- Contacts ------------------------------------------------------------------------------


def _contact_for_user(request, uuid) -> Contact:
    """A contact of a family this person may see, or 404 (the same whether it exists or not)."""
    return get_family_row(request, Contact.objects.select_related("family__organization"), uuid)


def _contact_form(request, family, contact=None):
    show_note = can_see_sensitive(request, family)
    if request.method == "GET":
        record_read(request.user, family)
    data = request.POST if request.method == "POST" else None
    form = ContactForm(data, instance=contact, show_note=show_note)
    if data is not None and form.is_valid():
        try:
            if contact is None:
                services.record_contact(request.user, family, form.cleaned_data)
                messages.success(request, _("The contact was saved."))
            else:
                services.update_contact(request.user, contact, form.cleaned_data)
                messages.success(request, _("The contact was updated."))
        except services.ContactError as error:
            form.add_error(None, str(error))
        else:
            return redirect("families:detail", family.uuid)
    return render(
        request,
        "accompaniment/contact_form.html",
        {"form": form, "family": family, "contact": contact},
    )


@member_required("can_see_family_rows")
def contact_new(request, uuid):
    family = get_family_for_user(request, uuid, Family.objects.select_related("organization"))
    return _contact_form(request, family)


@member_required("can_see_family_rows")
def contact_edit(request, uuid):
    contact = _contact_for_user(request, uuid)
    return _contact_form(request, contact.family, contact)


# --- The plan ------------------------------------------------------------------------------


def _priority_for_user(request, uuid) -> Priority:
    return get_family_row(request, Priority.objects.select_related("family__organization"), uuid)


def _step_for_user(request, uuid) -> Step:
    return get_family_row(
        request,
        Step.objects.select_related("priority__family__organization"),
        uuid,
        family_path="priority__family",
    )


def _family_plan_url(family):
    return reverse("families:detail", args=[family.uuid]) + "#plan"


def _render_plan(request, family, **context):
    """The plan partial alone: what htmx swaps into ``#plan``."""
    forms = {key: context.pop(key) for key in ("priority_form", "step_form") if key in context}
    return render(
        request,
        "accompaniment/partials/plan.html",
        {"family": family, "priorities": plan_for(family, **forms), **context},
    )


def _saved(request, family, notice):
    if request.htmx:
        return _render_plan(request, family, plan_notice=notice)
    messages.success(request, notice)
    return redirect(_family_plan_url(family))


def _refused(request, family, error):
    if request.htmx:
        return _render_plan(request, family, plan_error=error)
    messages.error(request, error)
    return redirect(_family_plan_url(family))


def _invalid(request, family, form, *, form_name, heading):
    """The form again with its errors: in the plan (htmx) or on a page of its own."""
    if request.htmx:
        return _render_plan(request, family, **{form_name: form})
    return render(
        request,
        "accompaniment/plan_form_page.html",
        {"form": form, "family": family, "heading": heading},
    )


@member_required("can_see_family_rows")
@require_POST
def priority_new(request, uuid):
    family = get_family_for_user(request, uuid, Family.objects.select_related("organization"))
    form = PriorityForm(request.POST)
    if form.is_valid():
        try:
            services.add_priority(request.user, family, **form.cleaned_data)
        except services.PlanError as error:
            return _refused(request, family, str(error))
        return _saved(request, family, _("The priority was added to the plan."))
    return _invalid(request, family, form, form_name="priority_form", heading=_("Add a priority"))


@member_required("can_see_family_rows")
@require_POST
def step_new(request, uuid):
    priority = _priority_for_user(request, uuid)
    family = priority.family
    form = StepForm(request.POST, priority=priority)
    if form.is_valid():
        try:
            services.add_step(request.user, priority, **form.cleaned_data)
        except services.PlanError as error:
            return _refused(request, family, str(error))
        return _saved(request, family, _("The step was added."))
    return _invalid(
        request,
        family,
        form,
        form_name="step_form",
        heading=_("Add a step to “%(priority)s”") % {"priority": priority.title},
    )


@member_required("can_see_family_rows")
@require_POST
def step_status(request, uuid):
    step = _step_for_user(request, uuid)
    family = step.priority.family
    form = StepStatusForm(request.POST)
    if not form.is_valid():
        return _refused(request, family, _("Choose a status from the list."))
    try:
        services.set_step_status(request.user, step, form.cleaned_data["status"])
    except services.PlanError as error:
        return _refused(request, family, str(error))
    return _saved(
        request, family, _("The step is now: %(status)s.") % {"status": step.get_status_display()}
    )
