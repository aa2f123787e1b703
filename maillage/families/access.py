"""Who sees which family, and which of its details. Every family read goes through here."""

from maillage.core.access import get_by_uuid_or_404

from .models import Family


def families_for(request, queryset=None):
    """The families of the active organization that this person may see.

    Managers and outreach workers see the organization's families (the team can
    take over); evaluators and administrators see none (their pages never list
    family rows, and family URLs are 404 for them). ``queryset`` lets the caller
    plan its joins (``Family.objects.select_related(...)``).
    """
    base = Family.objects.all() if queryset is None else queryset
    membership = request.membership
    if membership is None or not membership.can_see_family_rows:
        return base.for_org(None)
    return base.for_org(request.organization)


def get_family_for_user(request, uuid, queryset=None):
    """One family by UUID, or 404 — the same 404 whether it exists elsewhere or not."""
    return get_by_uuid_or_404(families_for(request, queryset), uuid)


def can_see_sensitive(request, family) -> bool:
    """Identity, context factors and notes: the manager, the family's workers, and the
    team when the organization lets the team take over."""
    membership = request.membership
    if membership is None or not membership.can_see_family_rows:
        return False
    if membership.can_manage_team or request.organization.team_visibility:
        return True
    return family.assignments.filter(worker=request.user).exists()


def get_family_row(request, queryset, uuid, *, family_path="family"):
    """A row belonging to a family this person may see (a member, a consent, a contact…), by
    UUID, or 404 — the same 404 whether it exists elsewhere or not.

    ``queryset`` plans the joins; ``family_path`` is the lookup from the row to its family.
    """
    rows = queryset.for_org(request.organization).filter(
        **{f"{family_path}__in": families_for(request)}
    )
    return get_by_uuid_or_404(rows, uuid)
