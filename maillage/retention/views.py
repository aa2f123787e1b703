"""The retention page (the manager) and the record of a family's rectification.

The page shows the schedule, the last runs and what the next run would do, as counts: no
family code ever appears on it, since the point is what is about to disappear.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.access import member_required
from maillage.families.access import get_family_for_user
from maillage.families.services import record_read

from . import services
from .forms import RectificationForm, ScheduleForm
from .models import RetentionRun

MANAGES_PRIVACY = "can_manage_privacy"
RUNS_SHOWN = 10


@member_required(MANAGES_PRIVACY)
def schedule(request):
    organization = request.organization
    current = services.schedule_of(organization)
    form = ScheduleForm(
        request.POST or None,
        initial={"identity_months": current.identity_months, "file_months": current.file_months},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_schedule(request.user, organization, **form.cleaned_data)
        except services.RetentionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The retention schedule was saved."))
            return redirect("retention:schedule")
    return render(
        request,
        "retention/schedule.html",
        {
            "form": form,
            "schedule": current,
            "plan": services.plan_for(organization),
            "runs": list(RetentionRun.objects.for_org(organization)[:RUNS_SHOWN]),
        },
    )


@member_required(MANAGES_PRIVACY)
def rectification_new(request, uuid):
    family = get_family_for_user(request, uuid)
    if request.method == "GET":
        record_read(request.user, family)
    form = RectificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_rectification(request.user, family, **form.cleaned_data)
        except services.RetentionError as error:
            form.add_error("rectified_on", str(error))
        else:
            messages.success(request, _("The correction was added to the family's history."))
            return redirect(reverse("families:detail", args=[family.uuid]) + "#rectifications")
    return render(request, "retention/rectification_form.html", {"form": form, "family": family})
