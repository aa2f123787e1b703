"""The hand-computed dataset of questions 5 to 8: contacts, referrals walked through their
statuses by the referral services, and service gaps, in two organizations.

The expected answers are worked out by hand in ``test_q5_*.py`` … ``test_q8_*.py``, from the
tables below; change a row here and the comments there must change with it.

Every date is relative to ``today`` (contacts and referrals 20 to 40 days ago) and the tests
look at ``period(today)``, the 60 days up to today, so the numbers do not depend on the day the
suite runs. ``copies=2`` builds every family twice (and its contacts and referrals): the query
counts of the question pages must not change.

Organization A (``org``, worker ``ptp``; ``pg`` confirms its gaps)

======  =================  ==========================================================
family  statistics consent  contacts: minutes / travel minutes / km, interventions, needs
======  =================  ==========================================================
F1      yes                C1 60/30/20.0 listening, information · housing, food
                           C2 30/0/0 procedures · income_admin
F2      yes                C3 45/15/12.5 listening, accompaniment · transport, housing
F3      yes                C4 90/60/45.0 accompaniment, translation, other · immigration_legal
F4      yes                C5 15/0/0 (no intervention, no need)
F5      **no**             C6 120/100/80.0 listening · food
======  =================  ==========================================================

Directory of A: "CLSC du Nord" (regional) with S1 "Halte-garderie" [childcare] and S2 "Clinique
jeunesse" [physical_health, child_development]; "Comptoir alimentaire" (local) with S3
"Dépannage" [food] and S4 "Friperie" (no need tagged).

=====  ======  =================  ==========================  ===========  =====================
ref.   family  need               destination                 accompanied  outcome (days)
=====  ======  =================  ==========================  ===========  =====================
R1     F1      food               S3                          yes          received (10)
R2     F1      housing            "Office d'habitation" typed no           not used: waiting_time
R3     F2      childcare          S1                          yes          received (20)
R4     F2      transport          "Transport adapté" typed    yes          not used: transport
R5     F3      childcare          S1                          no           refused: eligibility
R6     F3      physical_health    S2                          yes          received (4)
R7     F4      food               S4                          no           not used: distrust
R8     F4      child_development  S2                          no           withdrawn
R9     F1      furniture          S4                          no           open (request made)
R10    F5      food               S3                          yes          received (3)
=====  ======  =================  ==========================  ===========  =====================

Gaps of A: R2, R4 and R5 suggest three gaps (housing × waiting list, transport × transport,
childcare × eligibility); the manager confirms the first two and dismisses the third, and
raises one by hand: transport × no service, 3 other families affected.

Organization B (``other_org``, worker and manager ``outsider``), both families consenting:

- G1: D1 50/10/5.0 listening, referral · food; T1 food → "Banque alimentaire" typed, accompanied,
  received (6).
- G2: D2 40/20/8.5 listening · childcare; T2 childcare → "CPE Soleil" typed, not accompanied,
  not used: schedule → a gap (childcare × schedule) the manager confirms.
"""

from __future__ import annotations

from datetime import date, timedelta

from maillage.accompaniment.models import Contact, ContactMode
from maillage.core.periods import Period
from maillage.gaps.models import GapStatus, ServiceGap
from maillage.gaps.services import confirm_gap, create_gap, dismiss_gap
from maillage.partners.models import Mandate, Partner, Service
from maillage.referrals.models import Referral, ReferralEvent
from maillage.referrals.services import change_status, create_referral
from maillage.testing.builders import FILE_CONSENT, make_family

STATISTICS_CONSENT = {"purpose": "statistics", "method": "verbal", "text_version": "2026-01"}
#: The causes the managers of the dataset confirm; other suggestions are dismissed.
CONFIRMED_CAUSES = ("waiting_list", "transport", "schedule")
#: Days before today: contacts and referrals are dated from here.
START = 40


def period(today: date) -> Period:
    """The period the tests look at: the 60 days up to ``today``."""
    return Period.custom(today - timedelta(days=59), today)


def period_query(today: date) -> dict[str, str]:
    return period(today).query()


def make_family_counted(org, worker, *, statistics=True):
    """A family with the file consent and, unless ``statistics=False``, the statistics one."""
    consents = [dict(FILE_CONSENT)] + ([dict(STATISTICS_CONSENT)] if statistics else [])
    return make_family(org, worker, consents=consents)


def make_contact(family, worker, day, minutes, travel, km, interventions, needs):
    return Contact.objects.create(
        family=family,
        worker=worker,
        date=day,
        mode=ContactMode.HOME_VISIT,
        duration_minutes=minutes,
        travel_minutes=travel,
        distance_km=km,
        interventions=list(interventions),
        needs=list(needs),
    )


def _referral(worker, family, need, destination, *, created, accompanied, path):
    """Create a referral dated ``created`` and walk it along ``path``: a list of
    ``(status, reason, days after creation)``."""
    service = destination if isinstance(destination, Service) else None
    partner_name = "" if service else destination
    referral = create_referral(
        worker, family, need, service=service, partner_name=partner_name, accompanied=accompanied
    )
    # The creation day is not editable through the services (it is "today"); the dataset
    # needs referrals of the past to measure days to service.
    Referral.objects.across_organizations("test").filter(pk=referral.pk).update(created_on=created)
    ReferralEvent.objects.across_organizations("test").filter(referral=referral).update(on=created)
    referral.created_on = created
    for status, reason, days in path:
        change_status(worker, referral, status, reason, on=created + timedelta(days=days))
    return referral


RECEIVED = [("accepted", "", 0), ("requested", "", 0)]


def _received(days):
    return [*RECEIVED, ("received", "", days)]


def _ended(status, reason):
    return [*RECEIVED, (status, reason, 2)]


def build_organization_a(org, ptp, pg, today: date) -> None:
    base = today - timedelta(days=START)
    clsc = Partner.objects.create(organization=org, name="CLSC du Nord", mandate=Mandate.REGIONAL)
    comptoir = Partner.objects.create(
        organization=org, name="Comptoir alimentaire", mandate=Mandate.LOCAL
    )
    s1 = Service.objects.create(partner=clsc, name="Halte-garderie", needs=["childcare"])
    s2 = Service.objects.create(
        partner=clsc, name="Clinique jeunesse", needs=["physical_health", "child_development"]
    )
    s3 = Service.objects.create(partner=comptoir, name="Dépannage", needs=["food"])
    s4 = Service.objects.create(partner=comptoir, name="Friperie", needs=[])
    f1, f2, f3, f4 = (make_family_counted(org, ptp) for _ in range(4))
    f5 = make_family_counted(org, ptp, statistics=False)

    make_contact(f1, ptp, base, 60, 30, "20.0", ["listening", "information"], ["housing", "food"])
    make_contact(f1, ptp, base + timedelta(days=1), 30, 0, "0", ["procedures"], ["income_admin"])
    make_contact(
        f2, ptp, base, 45, 15, "12.5", ["listening", "accompaniment"], ["transport", "housing"]
    )
    make_contact(
        f3,
        ptp,
        base,
        90,
        60,
        "45.0",
        ["accompaniment", "translation", "other"],
        ["immigration_legal"],
    )
    make_contact(f4, ptp, base, 15, 0, "0", [], [])
    make_contact(f5, ptp, base, 120, 100, "80.0", ["listening"], ["food"])

    def refer(family, need, destination, accompanied, path):
        _referral(ptp, family, need, destination, created=base, accompanied=accompanied, path=path)

    refer(f1, "food", s3, True, _received(10))
    refer(f1, "housing", "Office d'habitation", False, _ended("not_used", "waiting_time"))
    refer(f2, "childcare", s1, True, _received(20))
    refer(f2, "transport", "Transport adapté", True, _ended("not_used", "transport"))
    refer(f3, "childcare", s1, False, _ended("refused", "eligibility"))
    refer(f3, "physical_health", s2, True, _received(4))
    refer(f4, "food", s4, False, _ended("not_used", "distrust"))
    refer(f4, "child_development", s2, False, [("withdrawn", "", 1)])
    refer(f1, "furniture", s4, False, RECEIVED)
    refer(f5, "food", s3, True, _received(3))

    create_gap(
        pg,
        org,
        {"need": "transport", "cause": "no_service", "region": org.region, "families_added": 3},
    )


def build_organization_b(other_org, outsider, today: date) -> None:
    base = today - timedelta(days=START)
    g1, g2 = make_family_counted(other_org, outsider), make_family_counted(other_org, outsider)
    make_contact(g1, outsider, base, 50, 10, "5.0", ["listening", "referral"], ["food"])
    make_contact(g2, outsider, base, 40, 20, "8.5", ["listening"], ["childcare"])
    _referral(
        outsider, g1, "food", "Banque alimentaire", created=base, accompanied=True,
        path=_received(6),
    )  # fmt: skip
    _referral(
        outsider, g2, "childcare", "CPE Soleil", created=base, accompanied=False,
        path=_ended("not_used", "schedule"),
    )  # fmt: skip


def settle_suggested_gaps(organization, manager) -> None:
    """The manager confirms the suggestions of ``CONFIRMED_CAUSES`` and dismisses the rest."""
    for gap in ServiceGap.objects.for_org(organization).filter(status=GapStatus.SUGGESTED):
        if gap.cause in CONFIRMED_CAUSES:
            confirm_gap(manager, gap)
        else:
            dismiss_gap(manager, gap)


def build(org, ptp, pg, other_org, outsider, *, today: date, copies: int = 1) -> None:
    """The whole dataset, ``copies`` times over."""
    for _ in range(copies):
        build_organization_a(org, ptp, pg, today)
        build_organization_b(other_org, outsider, today)
    settle_suggested_gaps(org, pg)
    settle_suggested_gaps(other_org, outsider)
