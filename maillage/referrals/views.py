"""Referrals: a new one for a family, its page (history and status), the follow-up list.

What other pages read of the referrals is in ``selectors.py``.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.access import member_required
from maillage.families.access import (
    can_see_sensitive,
    get_family_for_user,
    get_family_row,
)
from maillage.families.models import ConsentPurpose, Family
from maillage.families.services import record_read

from . import services
from .forms import ReferralForm, StatusForm
from .models import Referral
from .selectors import due_referrals


def _referral_for_user(request, uuid) -> Referral:
    """A referral of a family this person may see, or 404 (the same whether it exists or not)."""
    return get_family_row(
        request,
        Referral.objects.select_related("family__organization", "service__partner", "created_by"),
        uuid,
    )


def _sharing_partners(family) -> list[str]:
    """The partners the family agreed to share information with (consents in force)."""
    return sorted(
        {
            consent.partner_name
            for consent in family.consents.in_force().filter(
                purpose=ConsentPurpose.SHARE_WITH_PARTNER
            )
        },
        key=str.casefold,
    )


@member_required("can_see_family_rows")
def referral_new(request, uuid):
    family = get_family_for_user(request, uuid, Family.objects.select_related("organization"))
    if request.method == "GET":
        record_read(request.user, family)
    show_note = can_see_sensitive(request, family)
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        organization=request.organization,
        show_note=show_note,
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.create_referral(request.user, family, **form.cleaned_data)
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            if referral.information_only:
                messages.warning(
                    request,
                    _(
                        "The referral was saved as information given to the family: its "
                        "sharing consent does not name %(partner)s, so nothing about the "
                        "family may be sent to this partner."
                    )
                    % {"partner": referral.partner_label},
                )
            else:
                messages.success(
                    request,
                    _(
                        "The referral was saved. The family agreed to share information "
                        "with %(partner)s."
                    )
                    % {"partner": referral.partner_label},
                )
            return redirect("referrals:detail", referral.uuid)
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "family": family, "sharing_partners": _sharing_partners(family)},
    )


def _render_detail(request, referral, status_form=None, *, status=200):
    family = referral.family
    show_note = can_see_sensitive(request, family)
    if status_form is None and referral.is_open:
        status_form = StatusForm(referral=referral, show_note=show_note)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "family": family,
            "events": list(referral.events.select_related("by")),
            "status_form": status_form,
            "can_see_sensitive": show_note,
        },
        status=status,
    )


@member_required("can_see_family_rows")
def referral_detail(request, uuid):
    referral = _referral_for_user(request, uuid)
    # The page shows what was written about the family (the notes of its history).
    record_read(request.user, referral.family)
    return _render_detail(request, referral)


@member_required("can_see_family_rows")
@require_POST
def referral_status(request, uuid):
    referral = _referral_for_user(request, uuid)
    show_note = can_see_sensitive(request, referral.family)
    form = StatusForm(request.POST, referral=referral, show_note=show_note)
    if form.is_valid():
        values = form.cleaned_data
        try:
            services.change_status(
                request.user,
                referral,
                values["to_status"],
                values["reason"],
                values.get("note", ""),
                values["on"],
                follow_up_on=values["follow_up_on"],
            )
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The referral is now: %(status)s.") % {"status": referral.get_status_display()},
            )
            return redirect("referrals:detail", referral.uuid)
    return _render_detail(request, referral, form)


@member_required("can_see_family_rows")
def follow_up(request):
    return render(
        request,
        "referrals/follow_up.html",
        {"referrals_to_follow": due_referrals(request), "today": timezone.localdate()},
    )
