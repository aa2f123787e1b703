"""What an evaluation counts: which organizations, which period, which families.

Every question filters through a ``Scope`` so that the eight answers agree with one
another (a family counted in question 1 is the same family counted in question 7):

* ``Scope.for_organization(org, period)`` — a PG's own organization. Every family of
  the organization counts: these numbers never leave it.
* ``Scope.across_organizations(period, milieu=..., region=...)`` — the évaluateur's view.
  Only families whose **statistics consent** is in force count (see
  ``statistics_consent_in_force``), rows are read with
  ``.across_organizations("evaluation aggregates")``, and the milieu and region filters
  select *organizations* (the steering committee compares sites, and a fixed breakdown by
  organization leaves no room for differencing by family characteristics).

Adding a question: take a ``Scope``, start from its querysets (``families()``,
``families_reached()``, ``outreach_activities()``, ``contacts()``, ``referrals()``) and
group by ``organization_id`` (``ORGANIZATION``) where you build cells, so that the shell
knows which organizations contributed to each count. Never start from
``Model.objects`` yourself: the consent rule would be skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Q

from maillage.accompaniment.models import Contact
from maillage.core import planner
from maillage.core.periods import Period
from maillage.families.models import Consent, ConsentPurpose, Family
from maillage.organizations.models import Organization
from maillage.outreach.models import OutreachActivity
from maillage.referrals.models import Referral, ReferralEvent

from .indicators.target import definitions_in_force

REASON = "evaluation aggregates"
#: For ``values()``: the family's organization, to build cells with their contributors.
ORGANIZATION = "organization_id"


def planner_settings(scope: Scope | None) -> dict[str, str]:
    """The PostgreSQL settings ``evaluation_queries`` gives the questions of ``scope``
    (``maillage.core.planner``): JIT off, and for one organization's scope the settings for
    rows in memory (decision 0008)."""
    if scope is not None and len(scope.organization_ids) == 1:
        return planner.ONE_ORGANIZATION
    return planner.JIT_OFF


def evaluation_queries(scope: Scope | None = None):
    """Run a question's queries with the planner settings of ``planner_settings(scope)``."""
    return planner.reporting_queries(planner_settings(scope))


def statistics_consent_in_force(period: Period, family=None):
    """Families with a statistics consent given by the end of the period and not expired
    before it began. A **withdrawn** consent excludes the family whatever the date of the
    withdrawal: the family asked to be left out of statistics, and figures computed today
    honour that, for past periods too. ``family``: where the family is, when the
    outer rows are not families (``OuterRef("family")``)."""
    return Exists(
        Consent.objects.within(family=OuterRef("pk") if family is None else family)
        .filter(
            purpose=ConsentPurpose.STATISTICS,
            given_on__lte=period.end,
            withdrawn_on__isnull=True,
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=period.start))
    )


def opened_in(period: Period) -> Q:
    """The family's file was opened in the period (``Family.opened_on``: the day of its
    first status, kept from the status history)."""
    return Q(opened_on__range=(period.start, period.end))


def contacted_in(period: Period):
    return Exists(
        Contact.objects.within(family=OuterRef("pk")).filter(date__range=(period.start, period.end))
    )


@dataclass(frozen=True)
class Scope:
    period: Period
    organization_ids: frozenset[int]
    across: bool
    milieu: str = ""  # a Milieu value, or "" for all
    region: str = ""  # a Region code, or "" for all
    organization: Organization | None = None  # the PG's organization, when not across

    @classmethod
    def for_organization(cls, organization: Organization, period: Period) -> Scope:
        return cls(
            period=period,
            organization_ids=frozenset({organization.pk}),
            across=False,
            organization=organization,
        )

    @classmethod
    def across_organizations(cls, period: Period, *, milieu: str = "", region: str = "") -> Scope:
        organizations = Organization.objects.all()
        if milieu:
            organizations = organizations.filter(milieu=milieu)
        if region:
            organizations = organizations.filter(region__code=region)
        ids = frozenset(organizations.values_list("pk", flat=True))
        return cls(period=period, organization_ids=ids, across=True, milieu=milieu, region=region)

    # Tenant rows --------------------------------------------------------------------

    def scoped(self, model):
        """``model.objects`` (a tenant model) limited to the scope's organizations."""
        if not self.across:
            return model.objects.for_org(self.organization)
        return model.objects.across_organizations(REASON).filter(
            organization_id__in=self.organization_ids
        )

    def families(self):
        """Every family the scope may count (across organizations: with the statistics
        consent), whatever its activity in the period."""
        families = self.scoped(Family)
        if self.across:
            families = families.filter(statistics_consent_in_force(self.period))
        return families

    def families_reached(self):
        """Families **reached in the period**: their file was opened in the period, or they
        had at least one contact in it. The questions' definition sentences say so."""
        return self.families().filter(opened_in(self.period) | contacted_in(self.period))

    def outreach_activities(self):
        """Outreach activities dated in the period. Nobody is named in them, so no
        consent applies: they count across organizations as they are."""
        return self.scoped(OutreachActivity).filter(
            date__range=(self.period.start, self.period.end)
        )

    # Rows that hang off a family ------------------------------------------------------

    def of_families(self, queryset, family_field="family", organization="organization"):
        """``queryset`` (rows with a foreign key to Family, and the family's organization
        carried on the row as ``organization``) limited to the scope's families.

        The conditions go on the rows themselves — their organization, and across
        organizations the consent as an ``EXISTS`` on the row's family — rather than
        ``family IN (the scope's families)``, so that PostgreSQL reads one organization's rows
        from the ``(organization, date)`` indexes with no join to the families."""
        if not self.across:
            return queryset.for_org(self.organization)
        return (
            queryset.across_organizations(REASON)
            .filter(**{f"{organization}_id__in": self.organization_ids})
            .filter(statistics_consent_in_force(self.period, family=OuterRef(family_field)))
        )

    def family_counts(self, family_field: str) -> Q:
        """A condition on rows that point to a family through ``family_field``: the family
        counts in the scope. Across organizations, its statistics consent (an ``EXISTS``);
        inside one organization every family counts (the rows are already its own)."""
        if not self.across:
            return Q()
        return Q(statistics_consent_in_force(self.period, family=OuterRef(family_field)))

    def contacts(self):
        """Contacts dated in the period, with the scope's families."""
        return self.of_families(Contact.objects.all()).filter(
            date__range=(self.period.start, self.period.end)
        )

    def referrals(self):
        """Referrals made in the period (by their day of creation), for the scope's families."""
        return self.of_families(Referral.objects.all()).filter(
            created_on__range=(self.period.start, self.period.end)
        )

    def referral_events(self):
        """The events of the referrals made in the period (``referrals()``), conditions
        on the event's referral directly: one join, where ``referral IN (referrals())``
        joined the referrals twice."""
        return self.of_families(
            ReferralEvent.objects.all(), "referral__family", "referral__organization"
        ).filter(referral__created_on__range=(self.period.start, self.period.end))

    # The target clientele ---------------------------------------------------------------

    @cached_property
    def target_definitions(self) -> dict:
        """``{organization id: its target definition in force on the period's last day}``
        (``indicators.target.definitions_in_force``), read once for the scope: questions 1,
        2 and 4 and the dashboard's heading share it."""
        return definitions_in_force(
            self.organization_ids,
            self.period.end,
            across=self.across,
            organization=self.organization,
        )

    # Display --------------------------------------------------------------------------

    def query(self) -> dict[str, str]:
        """Query-string parameters that give this scope back (period and filters)."""
        params = self.period.query()
        if self.milieu:
            params["milieu"] = self.milieu
        if self.region:
            params["region"] = self.region
        return params
