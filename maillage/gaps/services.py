"""Service gaps: suggested from referrals, confirmed, merged, dismissed, raised by hand.

Every change of state is a function here, audited with a "gap." action name.

Suggestions are computed when the register is opened (``suggest_gaps``): the referrals app
records outcomes and knows nothing of gaps, and a suggestion only matters when a person
looks at the register. The computation is idempotent: a referral, once linked to a gap of
the organization (whatever became of that gap), is never suggested again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from maillage.audit.services import apply_changes, record_event
from maillage.organizations.models import Organization
from maillage.referrals.models import NonUseReason, ReferralEvent, ReferralStatus

from .models import Cause, GapStatus, ServiceGap

#: Reasons of non-use that say something about the territory, and the gap's cause.
#: Distrust, a change of mind, an unreachable service, missing documents and "other" are
#: about the family's path, not the services: they suggest nothing.
STRUCTURAL_REASONS = {
    NonUseReason.TRANSPORT: Cause.TRANSPORT,
    NonUseReason.WAITING_TIME: Cause.WAITING_LIST,
    NonUseReason.ELIGIBILITY: Cause.ELIGIBILITY,
    NonUseReason.LANGUAGE: Cause.LANGUAGE,
    NonUseReason.COST: Cause.COST,
    NonUseReason.SCHEDULE: Cause.SCHEDULE,
}
#: Gaps that speak for the organization at the table (a suggestion is not yet its word).
COUNTED_STATUSES = (GapStatus.CONFIRMED, GapStatus.RESOLVED)


class GapError(Exception):
    """A change the gap's state does not allow; the message is for the person."""


def with_family_counts(gaps: QuerySet) -> QuerySet:
    """Annotate ``families_affected``: distinct families of the linked referrals plus the
    families added by hand. One query, whatever the number of gaps."""
    return gaps.annotate(
        families_affected=Count("referrals__family", distinct=True) + F("families_added")
    )


def _audit(actor, action, gap, fields=()):
    record_event(
        actor, action, organization=gap.organization, target=gap, changed_fields=list(fields)
    )


@transaction.atomic
def suggest_gaps(organization: Organization, actor=None) -> list[ServiceGap]:
    """Create or extend "suggested" gaps from the organization's referrals not used or
    refused for a structural reason, grouped by need × municipality of the family (the
    organization's region when the family's municipality is unknown) × cause.

    New referrals that match a suggested or confirmed gap are linked to it; the others
    make a new suggestion. Returns the gaps created.
    """
    # Serializes two page loads of the same organization (PostgreSQL); SQLite serializes
    # writes anyway.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    events = (
        ReferralEvent.objects.for_org(organization)
        .filter(
            to_status__in=[ReferralStatus.NOT_USED, ReferralStatus.REFUSED],
            reason__in=list(STRUCTURAL_REASONS),
        )
        .exclude(referral__service_gaps__organization=organization)
        .values_list("referral_id", "referral__need", "referral__family__municipality_id", "reason")
    )
    groups = defaultdict(set)
    for referral_id, need, municipality_id, reason in events:
        groups[(need, municipality_id, STRUCTURAL_REASONS[reason])].add(referral_id)
    created = []
    for (need, municipality_id, cause), referral_ids in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2])
    ):
        territory = (
            {"municipality_id": municipality_id}
            if municipality_id
            else {"municipality": None, "mrc": "", "region_id": organization.region_id}
        )
        gap = (
            ServiceGap.objects.for_org(organization)
            .filter(
                need=need,
                cause=cause,
                merged_into__isnull=True,
                status__in=[GapStatus.SUGGESTED, GapStatus.CONFIRMED],
                **territory,
            )
            .order_by("created_at", "id")
            .first()
        )
        if gap is None:
            gap = ServiceGap.objects.create(
                organization=organization, need=need, cause=cause, **territory
            )
            created.append(gap)
            gap.referrals.add(*referral_ids)
            _audit(actor, "gap.suggested", gap, ["need", "cause", "territory", "referrals"])
        else:
            gap.referrals.add(*referral_ids)
            _audit(actor, "gap.referrals.linked", gap, ["referrals"])
    return created


def _require_suggestion(gap: ServiceGap):
    if gap.merged_into_id or gap.status != GapStatus.SUGGESTED:
        raise GapError(_("Only a suggested gap can be confirmed, merged or dismissed."))


@transaction.atomic
def confirm_gap(actor, gap: ServiceGap) -> ServiceGap:
    _require_suggestion(gap)
    gap.status = GapStatus.CONFIRMED
    gap.save(update_fields=["status"])
    _audit(actor, "gap.confirmed", gap, ["status"])
    return gap


@transaction.atomic
def dismiss_gap(actor, gap: ServiceGap) -> ServiceGap:
    _require_suggestion(gap)
    gap.status = GapStatus.DISMISSED
    gap.save(update_fields=["status"])
    _audit(actor, "gap.dismissed", gap, ["status"])
    return gap


def merge_targets(gap: ServiceGap) -> QuerySet:
    """The gaps ``gap`` may be merged into: same organization, need and cause, still open."""
    return (
        ServiceGap.objects.for_org(gap.organization)
        .filter(
            need=gap.need,
            cause=gap.cause,
            merged_into__isnull=True,
            status__in=[GapStatus.SUGGESTED, GapStatus.CONFIRMED],
        )
        .exclude(pk=gap.pk)
        .select_related("municipality", "region")
    )


@transaction.atomic
def merge_gap(actor, gap: ServiceGap, into: ServiceGap) -> ServiceGap:
    """Merge the suggestion ``gap`` into ``into``: its referrals and families added are
    counted there from now on; ``gap`` stays, marked as merged, out of the lists."""
    _require_suggestion(gap)
    if not merge_targets(gap).filter(pk=into.pk).exists():
        raise GapError(
            _("A gap can only be merged into another open gap of the same need and cause.")
        )
    into.referrals.add(*gap.referrals.all())
    into.families_added += gap.families_added
    into.save(update_fields=["families_added"])
    gap.merged_into = into
    gap.save(update_fields=["merged_into"])
    _audit(actor, "gap.merged", gap, ["merged_into"])
    _audit(actor, "gap.merge.received", into, ["referrals", "families_added"])
    return into


@transaction.atomic
def create_gap(actor, organization: Organization, values: dict) -> ServiceGap:
    """A gap raised by hand: confirmed at once (the manager is the one raising it)."""
    gap = ServiceGap.objects.create(organization=organization, status=GapStatus.CONFIRMED, **values)
    _audit(actor, "gap.created", gap, sorted(values))
    return gap


@transaction.atomic
def update_gap(actor, gap: ServiceGap, values: dict) -> ServiceGap:
    apply_changes(actor, gap, values, "gap.updated")
    return gap


# The concertation table -----------------------------------------------------------------


@dataclass
class ConcertationTable:
    """Counts of families affected: one row per need × territory, one column per cause."""

    rows: list[tuple[str, str]]  # (need label, territory label)
    columns: list[str]  # cause labels
    counts: list[list[int]]
    # The organizations whose gaps make up each count (for the rules of a shared table).
    organizations: list[list[frozenset]]


def concertation_table(gaps: QuerySet) -> ConcertationTable:
    """Build the table from ``gaps`` (already scoped): confirmed and resolved gaps that
    were not merged, each contributing its families affected."""
    counted = with_family_counts(
        gaps.filter(status__in=COUNTED_STATUSES, merged_into__isnull=True)
    ).values_list(
        "need",
        "municipality__name",
        "mrc",
        "region__name",
        "cause",
        "families_affected",
        "organization_id",
    )
    sums: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sources: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for need, municipality, mrc, region, cause, families, organization_id in counted:
        territory = municipality or mrc or region or ""
        sums[(need, territory)][cause] += families
        if families:
            sources[(need, territory)][cause].add(organization_id)
    need_labels = dict(ServiceGap._meta.get_field("need").choices)
    keys = sorted(sums, key=lambda key: (str(need_labels.get(key[0], key[0])), key[1]))
    causes = list(Cause)
    return ConcertationTable(
        rows=[(str(need_labels.get(need, need)), territory) for need, territory in keys],
        columns=[str(cause.label) for cause in causes],
        counts=[[sums[key][cause.value] for cause in causes] for key in keys],
        organizations=[[frozenset(sources[key][cause.value]) for cause in causes] for key in keys],
    )
