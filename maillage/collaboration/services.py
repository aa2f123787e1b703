"""Changes of state and the SQL summaries of the work with partners."""

from __future__ import annotations

from itertools import combinations

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from maillage.audit.services import apply_changes, record_event
from maillage.lib import referral_flow as flow
from maillage.referrals.models import Referral, ReferralStatus

from . import diagrams
from .models import Collaboration, Connection, Decision, OutOfMandateRequest

COLLABORATION_FIELDS = (
    "date",
    "kind",
    "title",
    "subjects",
    "other_partners",
    "duration_minutes",
    "follow_ups",
)
REQUEST_FIELDS = (
    "date",
    "partner",
    "partner_name",
    "kind",
    "description",
    "minutes_spent",
    "decision",
)


def _store_partners(collaboration, partners, connected) -> None:
    collaboration.partners.set(partners)
    collaboration.connections.all().delete()
    pairs = {tuple(sorted((a.pk, b.pk))) for a, b in combinations(connected, 2) if a.pk != b.pk}
    Connection.objects.bulk_create(
        Connection(collaboration=collaboration, partner_a_id=a, partner_b_id=b)
        for a, b in sorted(pairs)
    )


@transaction.atomic
def record_collaboration(actor, organization, data) -> Collaboration:
    """Log a collaboration; partners connected with each other are stored as pairs."""
    collaboration = Collaboration.objects.create(
        organization=organization,
        worker=actor,
        **{name: data[name] for name in COLLABORATION_FIELDS},
    )
    _store_partners(collaboration, data["partners"], data["connected"])
    record_event(
        actor,
        "collaboration.logged",
        organization=organization,
        target=collaboration,
        changed_fields=[*COLLABORATION_FIELDS, "partners", "connections"],
    )
    return collaboration


@transaction.atomic
def update_collaboration(actor, collaboration, data) -> Collaboration:
    old_partners = set(collaboration.partners.values_list("pk", flat=True))
    old_pairs = set(collaboration.connections.values_list("partner_a_id", "partner_b_id"))
    _store_partners(collaboration, data["partners"], data["connected"])
    relations = []
    if old_partners != {partner.pk for partner in data["partners"]}:
        relations.append("partners")
    if old_pairs != set(collaboration.connections.values_list("partner_a_id", "partner_b_id")):
        relations.append("connections")
    apply_changes(
        actor,
        collaboration,
        {name: data[name] for name in COLLABORATION_FIELDS},
        "collaboration.changed",
        also_changed=relations,
    )
    return collaboration


@transaction.atomic
def record_out_of_mandate_request(actor, organization, data) -> OutOfMandateRequest:
    request = OutOfMandateRequest.objects.create(
        organization=organization,
        worker=actor,
        **{name: data[name] for name in REQUEST_FIELDS},
    )
    record_event(
        actor,
        "collaboration.out_of_mandate.logged",
        organization=organization,
        target=request,
        changed_fields=list(REQUEST_FIELDS),
    )
    return request


# Summaries --------------------------------------------------------------------------------


def out_of_mandate_summary(requests) -> dict:
    """Totals of ``requests`` (already scoped and filtered), computed in SQL: the time given
    to each partner on accepted requests, and how many were accepted and declined."""
    accepted = Q(decision=Decision.ACCEPTED)
    by_partner = list(
        requests.values("partner__name", "partner_name")
        .annotate(
            minutes=Sum("minutes_spent", filter=accepted, default=0),
            accepted=Count("pk", filter=accepted),
            declined=Count("pk", filter=Q(decision=Decision.DECLINED)),
        )
        .order_by("-minutes", "partner__name", "partner_name")
    )
    for row in by_partner:
        row["label"] = row["partner__name"] or row["partner_name"]
        row["hours"] = row["minutes"] / 60
    totals = requests.aggregate(
        minutes=Sum("minutes_spent", filter=accepted, default=0),
        accepted=Count("pk", filter=accepted),
        declined=Count("pk", filter=Q(decision=Decision.DECLINED)),
    )
    totals["hours"] = totals["minutes"] / 60
    return {"by_partner": by_partner, "totals": totals}


def _in_period(rows, field, start, end):
    if start:
        rows = rows.filter(**{f"{field}__gte": start})
    if end:
        rows = rows.filter(**{f"{field}__lte": end})
    return rows


def _organization_referrals(organization, start=None, end=None):
    # The organization's own referrals: the counts stay inside it, so no suppression.
    referrals = Referral.objects.for_org(organization)
    return _in_period(referrals, "created_on", start, end)


def _partner_key(row):
    if row["service__partner_id"]:
        return ("partner", row["service__partner_id"]), row["service__partner__name"]
    name = " ".join(row["partner_name"].split())
    return ("typed", name.casefold()), name


def partner_network(organization, start=None, end=None) -> dict:
    """Partners that received the organization's referrals (with how many) and the pairs of
    partners its workers connected with each other, laid out for drawing. ``start`` and
    ``end`` (inclusive, optional) bound the referrals' creation and the collaborations' dates."""
    partners: dict = {}
    rows = (
        _organization_referrals(organization, start, end)
        .values("service__partner_id", "service__partner__name", "partner_name")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        key, label = _partner_key(row)
        previous = partners.get(key, (label, 0))
        partners[key] = (previous[0], previous[1] + row["count"])
    connections: dict = {}
    pairs = (
        _in_period(
            Connection.objects.for_org(organization),
            "collaboration__date",
            start,
            end,
        )
        .values("partner_a_id", "partner_a__name", "partner_b_id", "partner_b__name")
        .annotate(count=Count("pk"))
        .order_by()
    )
    names = {}
    for pair in pairs:
        a, b = ("partner", pair["partner_a_id"]), ("partner", pair["partner_b_id"])
        names[a], names[b] = pair["partner_a__name"], pair["partner_b__name"]
        connections[a, b] = connections.get((a, b), 0) + pair["count"]
        for key in (a, b):
            partners.setdefault(key, (names[key], 0))
    network = diagrams.partner_network(partners, connections, organization=organization.name)
    return {
        "network": network,
        "referral_rows": sorted(
            ((label, count) for label, count in partners.values() if count),
            key=lambda row: (-row[1], row[0].casefold()),
        ),
        "connection_rows": sorted(
            ((names[a], names[b], count) for (a, b), count in connections.items()),
            key=lambda row: (-row[2], row[0].casefold(), row[1].casefold()),
        ),
    }


OUTCOMES = (
    (flow.RECEIVED, ReferralStatus.RECEIVED.label),
    (flow.NOT_USED, ReferralStatus.NOT_USED.label),
    (flow.REFUSED, ReferralStatus.REFUSED.label),
    (flow.WITHDRAWN, ReferralStatus.WITHDRAWN.label),
)
OPEN = "open"


def _outcome(status):
    return status if status in dict(OUTCOMES) else OPEN


def referral_flow(organization, start=None, end=None) -> dict:
    """Referrals from needs to partners to outcomes, counted in SQL (one grouped query);
    ``start`` and ``end`` (inclusive, optional) bound the day each referral was made."""
    from maillage.core.taxonomy import Need

    rows = (
        _organization_referrals(organization, start, end)
        .values("need", "service__partner_id", "service__partner__name", "partner_name", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    need_to_partner: dict = {}
    partner_to_outcome: dict = {}
    partner_labels: dict = {}
    needs_seen: set = set()
    for row in rows:
        key, label = _partner_key(row)
        partner_labels.setdefault(key, label)
        needs_seen.add(row["need"])
        outcome = _outcome(row["status"])
        need_to_partner[row["need"], key] = (
            need_to_partner.get((row["need"], key), 0) + row["count"]
        )
        partner_to_outcome[key, outcome] = partner_to_outcome.get((key, outcome), 0) + row["count"]
    need_labels = dict(Need.choices)
    needs = [(value, str(label)) for value, label in Need.choices if value in needs_seen]
    partners = sorted(partner_labels.items(), key=lambda item: (item[1].casefold(), str(item[0])))
    outcomes = [(value, str(label)) for value, label in OUTCOMES] + [(OPEN, _("Still open"))]
    links = {(0, need, key): count for (need, key), count in need_to_partner.items()}
    links |= {(1, key, outcome): count for (key, outcome), count in partner_to_outcome.items()}
    drawing = diagrams.referral_flow([needs, partners, outcomes], links)
    outcome_labels = dict(outcomes)
    return {
        "flow": drawing,
        "need_rows": sorted(
            (
                (str(need_labels.get(need, need)), partner_labels[key], count)
                for (need, key), count in need_to_partner.items()
            ),
            key=lambda row: (row[0].casefold(), row[1].casefold()),
        ),
        "outcome_rows": [
            (
                label,
                [partner_to_outcome.get((key, outcome), 0) for outcome, _label in outcomes],
                sum(partner_to_outcome.get((key, outcome), 0) for outcome, _label in outcomes),
            )
            for key, label in partners
        ],
        "outcome_headers": [outcome_labels[outcome] for outcome, _label in outcomes],
        "total": drawing.layout.total,
    }
