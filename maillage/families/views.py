from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accounts.models import Membership
from maillage.core.access import get_for_org, member_required
from maillage.core.fields import index_of
from maillage.outreach.models import OutreachActivity

from . import page as family_page
from . import services
from .access import can_see_sensitive, families_for, get_family_for_user, get_family_row
from .forms import (
    ConsentForm,
    FamilyForm,
    FamilySearchForm,
    FirstConsentsForm,
    HandoverForm,
    IdentityForm,
    MemberForm,
    MemberFormSet,
    StatusForm,
    WorkersForm,
)
from .models import Assignment, Consent, Family, Member
from .timeline import age_groups, build_timeline

PAGE_SIZE = 25


def _sees_all_identities(request) -> bool:
    return request.membership.can_manage_team or request.organization.team_visibility


def _search(request, form, families):
    """Apply the filters with indexed equalities and EXISTS subqueries: no table scan, no
    DISTINCT, whatever the number of families."""
    if not form.is_valid():
        return families.none()
    data = form.cleaned_data
    if data["q"]:
        query = data["q"].strip()
        matches = Q(code=normalize_code(query))
        if request.organization.identity_enabled:
            # Identity is encrypted: compare keyed indexes, never decrypt rows. A worker
            # who may not see other families' identities finds only their own families.
            identity = Q(nickname_index=index_of(query))
            digits = services.normalize_phone(query)
            if len(digits) >= 7:
                identity |= Q(phone_index=index_of(digits))
            if not _sees_all_identities(request):
                identity &= Exists(
                    Assignment.objects.within(family=OuterRef("pk")).filter(worker=request.user)
                )
            matches |= identity
        families = families.filter(matches)
    if data["status"]:
        families = families.filter(status=data["status"])
    if data["worker"]:
        families = families.filter(
            Exists(
                Assignment.objects.within(family=OuterRef("pk")).filter(
                    worker=data["worker"].user_id
                )
            )
        )
    if data["need"]:
        # The priorities are the accompaniment's, above this app: reached through the relation.
        priorities = Family._meta.get_field("priorities").related_model.objects
        families = families.filter(
            Exists(priorities.within(family=OuterRef("pk")).filter(need=data["need"]))
        )
    if data["municipality"]:
        families = families.filter(municipality=data["municipality"])
    return families


def normalize_code(text: str) -> str:
    """What a person types for a code, as stored: "f52dtm2", "52DT-M2" → "F-52DT-M2"."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(compact) == 7 and compact.startswith("F"):
        compact = compact[1:]
    if len(compact) != 6:
        return text.strip().upper()
    return f"F-{compact[:4]}-{compact[4:]}"


@member_required("can_see_family_rows")
def family_list(request):
    """Families, filtered. The search box is posted, never put in the address: a name or a
    phone number typed there must not reach the browser history or server logs."""
    if request.method == "POST":
        data = request.POST
    else:  # links carry filters only; a search typed into an address is ignored
        data = request.GET.copy()
        data.pop("q", None)
    form = FamilySearchForm(data or None, organization=request.organization)
    families = families_for(
        request,
        Family.objects.select_related("municipality").prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.for_org(request.organization).select_related("worker"),
            )
        ),
    )
    if data:
        families = _search(request, form, families)
    page = Paginator(families.order_by("code"), PAGE_SIZE).get_page(data.get("page"))
    identity = request.organization.identity_enabled
    sees_all = _sees_all_identities(request)
    rows = [
        (
            family,
            identity
            and (sees_all or any(a.worker_id == request.user.pk for a in family.assignments.all())),
        )
        for family in page
    ]
    if any(shown and family.nickname for family, shown in rows):
        # Nicknames were shown: the consultation of the list is audited like a record's.
        services.record_list_read(request.user, request.organization)
    # Pages keep the filters, but never the searched name or phone.
    page_query = urlencode({k: v for k, v in data.items() if k in PAGE_FILTERS and v})
    template = "families/partials/family_rows.html" if request.htmx else "families/list.html"
    return render(
        request, template, {"form": form, "page": page, "rows": rows, "page_query": page_query}
    )


PAGE_FILTERS = ("status", "worker", "need", "municipality")


@member_required("can_see_family_rows")
def family_new(request):
    organization = request.organization
    activity = None
    activity_uuid = request.GET.get("activite") or request.POST.get("activite")
    if activity_uuid:
        activity = get_for_org(request, OutreachActivity, activity_uuid)
    initial = (
        {"origin_strategy": activity.strategy_id, "municipality": activity.municipality_id}
        if activity
        else {}
    )
    data = request.POST if request.method == "POST" else None
    form = FamilyForm(data, organization=organization, sensitive=True, initial=initial)
    members = MemberFormSet(data, queryset=Member.objects.none(), prefix="membres")
    consents = FirstConsentsForm(data, identity_enabled=organization.identity_enabled)
    if request.method == "POST" and form.is_valid() and members.is_valid() and consents.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        member_rows = [
            {name: member.cleaned_data[name] for name in MemberForm.Meta.fields}
            for member in members.forms
            if member.has_changed() and member.cleaned_data.get("role")
        ]
        try:
            family = services.create_family(
                request.user,
                organization,
                values=values,
                members=member_rows,
                consents=consents.consents(),
                activity=activity,
            )
        except services.FamilyError as error:
            consents.add_error(None, str(error))
        else:
            messages.success(request, _("Family %(code)s was created.") % {"code": family.code})
            return redirect("families:detail", family.uuid)
    return render(
        request,
        "families/new.html",
        {"form": form, "members": members, "consents": consents, "activity": activity},
    )


def _detail_queryset(organization):
    return Family.objects.select_related(
        "municipality", "origin_strategy", "origin_activity__strategy", "created_by"
    ).prefetch_related(
        "members",
        Prefetch(
            "assignments",
            queryset=Assignment.objects.for_org(organization).select_related("worker"),
        ),
        Prefetch(
            "consents", queryset=Consent.objects.for_org(organization).select_related("recorded_by")
        ),
        *family_page.prefetches(organization),
    )


@member_required("can_see_family_rows")
def family_detail(request, uuid):
    family = get_family_for_user(request, uuid, _detail_queryset(request.organization))
    sensitive = can_see_sensitive(request, family)
    services.record_read(request.user, family)
    status_changes = list(family.status_changes.select_related("changed_by"))
    members = list(family.members.all())
    context = {
        "family": family,
        "sensitive": sensitive,
        "members": members,
        "groups": age_groups(members),
        "can_see_sensitive": sensitive,
        "status_form": StatusForm(initial={"status": family.status, "version": family.version}),
        "workers": [a.worker for a in family.assignments.all()],
    }
    # The contacts, the plan and the referrals: sections of the apps above this one.
    sections, moments = family_page.sections(), []
    for section in sections:
        values = section.context(request, family)
        context.update(values)
        moments += section.moments(values)
    context["sections"] = sections
    context["timeline"] = build_timeline(family, status_changes, moments)
    return render(request, "families/detail.html", context)


@member_required("can_see_family_rows")
def family_edit(request, uuid):
    family = get_family_for_user(request, uuid)
    sensitive = can_see_sensitive(request, family)
    form = FamilyForm(
        request.POST or None,
        instance=family,
        initial={"version": family.version},
        organization=request.organization,
        sensitive=sensitive,
    )
    if request.method == "GET":
        services.record_read(request.user, family)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
        try:
            services.update_family(
                request.user, family, values=values, expected_version=form.cleaned_data["version"]
            )
        except services.StaleFamily as error:
            form.add_error(None, str(error))
            # Saving again, once the person has checked, applies over the current version.
            form.show_version(services.current_version(family))
        else:
            messages.success(request, _("The family was updated."))
            return redirect("families:detail", family.uuid)
    return render(request, "families/edit.html", {"form": form, "family": family})


@member_required("can_see_family_rows")
def identity_edit(request, uuid):
    family = get_family_for_user(request, uuid)
    if not request.organization.identity_enabled or not can_see_sensitive(request, family):
        raise PermissionDenied
    initial = {
        "nickname": family.nickname,
        "phone": family.phone,
        "address": family.address,
        "version": family.version,
    }
    form = IdentityForm(request.POST or None, initial=initial)
    if request.method == "GET":
        services.record_read(request.user, family)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        try:
            services.set_identity(request.user, family, expected_version=version, **values)
        except services.FamilyError as error:
            form.add_error(None, str(error))
            form.show_version(services.current_version(family))
        else:
            messages.success(request, _("The identity was saved, encrypted."))
            return redirect("families:detail", family.uuid)
    return render(request, "families/identity.html", {"form": form, "family": family})


@member_required("can_see_family_rows")
@require_POST
def status_change(request, uuid):
    family = get_family_for_user(request, uuid)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                request.user,
                family,
                form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.FamilyError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The status is now: %(status)s.") % {"status": family.get_status_display()},
            )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("families:detail", family.uuid)


def _member_of(request, uuid):
    return get_family_row(request, Member.objects.select_related("family__organization"), uuid)


@member_required("can_see_family_rows")
def member_new(request, uuid):
    family = get_family_for_user(request, uuid)
    return _member_form(request, family, Member())


@member_required("can_see_family_rows")
def member_edit(request, uuid):
    member = _member_of(request, uuid)
    return _member_form(request, member.family, member)


def _member_form(request, family, member):
    form = MemberForm(request.POST or None, instance=member if member.pk else None)
    if request.method == "GET":
        services.record_read(request.user, family)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in MemberForm.Meta.fields}
        services.save_member(request.user, family, member, values)
        messages.success(request, _("The household was updated."))
        return redirect("families:detail", family.uuid)
    return render(
        request, "families/member_form.html", {"form": form, "family": family, "member": member}
    )


@member_required("can_see_family_rows")
@require_POST
def member_remove(request, uuid):
    member = _member_of(request, uuid)
    family = member.family
    services.remove_member(request.user, member)
    messages.success(request, _("The person was removed from the household."))
    return redirect("families:detail", family.uuid)


@member_required("can_see_family_rows")
def consent_new(request, uuid):
    family = get_family_for_user(request, uuid)
    if request.method == "GET":
        services.record_read(request.user, family)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_consent(request.user, family, **form.cleaned_data)
        messages.success(request, _("The consent was recorded."))
        return redirect("families:detail", family.uuid)
    return render(request, "families/consent_form.html", {"form": form, "family": family})


@member_required("can_see_family_rows")
@require_POST
def consent_withdraw(request, uuid):
    consent = get_family_row(request, Consent.objects.select_related("family__organization"), uuid)
    services.withdraw_consent(request.user, consent)
    messages.success(request, _("The consent was withdrawn; it no longer applies from today."))
    return redirect("families:detail", consent.family.uuid)


@member_required("can_manage_team")
def workers_edit(request, uuid):
    family = get_family_for_user(request, uuid)
    if request.method == "GET":
        services.record_read(request.user, family)
    current = Membership.objects.for_org(request.organization).filter(
        user__in=family.assignments.values("worker")
    )
    form = WorkersForm(
        request.POST or None, organization=request.organization, initial={"workers": list(current)}
    )
    if request.method == "POST" and form.is_valid():
        services.assign_workers(
            request.user, family, [m.user for m in form.cleaned_data["workers"]]
        )
        messages.success(request, _("The family's workers were updated."))
        return redirect("families:detail", family.uuid)
    return render(request, "families/workers_form.html", {"form": form, "family": family})


@member_required("can_manage_team")
def handover(request):
    form = HandoverForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        count = services.hand_over(
            request.user,
            request.organization,
            from_worker=form.cleaned_data["from_worker"].user,
            to_worker=form.cleaned_data["to_worker"].user,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("%(count)s families were handed over to %(name)s.")
            % {"count": count, "name": form.cleaned_data["to_worker"].user},
        )
        return redirect("accounts:team")
    return render(request, "families/handover.html", {"form": form})
