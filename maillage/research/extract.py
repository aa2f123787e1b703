"""What a research extract holds: one record per family, its columns, its codebook, its file.

Only families with the consent to be counted in de-identified statistics, in force on
the day of the release, and active in the period (first met in it, or with a contact in
it) are read. A record holds no code, no id, no date finer than a month, no free text:
quasi-identifiers as generalization paths (``maillage.lib.generalize``) and
de-identified measures. ``build_extract`` generalizes them until every combination holds
five families or more; ``archive`` writes the ZIP handed over (``extract.csv``,
``codebook.csv``, ``release.csv``).

Four queries, whatever the number of families: the families (as values: the encrypted
identity is never even decrypted), then their contacts, referrals and members, each
aggregated or read in one query over the same subquery.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.accompaniment.models import Contact
from maillage.families.models import (
    Consent,
    ConsentPurpose,
    EntryPoint,
    Family,
    Isolation,
    Member,
    Status,
)
from maillage.lib import referral_flow as flow
from maillage.lib.disclosure import MIN_FAMILIES, RULES_VERSION
from maillage.lib.generalize import (
    UNKNOWN,
    Anonymized,
    anonymize,
    household_size_path,
    kept_path,
    month_path,
    territory_path,
    youngest_child_path,
)
from maillage.lib.spreadsheet import excel_csv
from maillage.organizations.models import Milieu
from maillage.outreach.models import DefaultStrategy
from maillage.referrals.models import Referral, ReferralStatus

QUASI_IDENTIFIERS = {
    "territory": 4,
    "milieu": 1,
    "youngest_child": 3,
    "household_size": 4,
    "first_met": 4,
}
ISOLATION_COLUMNS = [f"isolation_{value}" for value in Isolation.values]
REFERRAL_OUTCOMES = {
    "referrals_received": ReferralStatus.RECEIVED,
    "referrals_not_used": ReferralStatus.NOT_USED,
    "referrals_refused": ReferralStatus.REFUSED,
    "referrals_withdrawn": ReferralStatus.WITHDRAWN,
}
MEASURES = [
    "status",
    "entry_point",
    "strategy",
    *ISOLATION_COLUMNS,
    "contacts",
    "contact_minutes",
    "travel_minutes",
    "referrals",
    *REFERRAL_OUTCOMES,
    "referrals_open",
]
CUSTOM_STRATEGY = "custom"
NO_STRATEGY = "none"


@dataclass(frozen=True)
class Extract:
    period_start: date
    period_end: date
    released_on: date
    anonymized: Anonymized

    @property
    def row_count(self):
        return len(self.anonymized.rows)

    @property
    def suppressed_count(self):
        return self.anonymized.suppressed


def build_extract(period_start: date, period_end: date, *, today: date | None = None) -> Extract:
    today = today or timezone.localdate()
    records = family_records(period_start, period_end, today=today)
    return Extract(
        period_start=period_start,
        period_end=period_end,
        released_on=today,
        anonymized=anonymize(records, QUASI_IDENTIFIERS, MEASURES, k=MIN_FAMILIES),
    )


#: The extract reads every organization's families with the statistics consent.
RESEARCH = "research extract: families of every organization with the statistics consent"


def _families(period_start, period_end, today):
    consented = (
        Consent.objects.across_organizations(RESEARCH)
        .in_force(today)
        .filter(purpose=ConsentPurpose.STATISTICS)
        .values("family_id")
    )
    contacted = (
        Contact.objects.across_organizations(RESEARCH)
        .filter(date__range=(period_start, period_end))
        .values("family_id")
    )
    return (
        Family.objects.across_organizations(RESEARCH)
        .filter(id__in=consented)
        .filter(Q(created_at__date__range=(period_start, period_end)) | Q(id__in=contacted))
    )


def family_records(period_start: date, period_end: date, *, today: date) -> list[dict]:
    """One record per family of the period with the statistics consent: quasi-identifiers
    as paths, measures as plain values. No code, id or identity ever leaves this function."""
    families = _families(period_start, period_end, today)
    ids = families.values("id")
    contacts = {
        row["family_id"]: row
        for row in Contact.objects.within(family_id__in=ids)
        .filter(date__range=(period_start, period_end))
        .values("family_id")
        .annotate(count=Count("id"), minutes=Sum("duration_minutes"), travel=Sum("travel_minutes"))
    }
    referral_counts = {
        name: Count("id", filter=Q(status=status)) for name, status in REFERRAL_OUTCOMES.items()
    }
    referrals = {
        row["family_id"]: row
        for row in Referral.objects.within(family_id__in=ids)
        .filter(created_on__range=(period_start, period_end))
        .values("family_id")
        .annotate(
            referrals=Count("id"),
            referrals_open=Count("id", filter=Q(status__in=flow.OPEN)),
            **referral_counts,
        )
    }
    members = defaultdict(list)
    for member in Member.objects.within(family_id__in=ids).values(
        "family_id", "birth_year", "birth_month", "expected"
    ):
        members[member.pop("family_id")].append(member)

    records = []
    for family in families.values(
        "id",
        "created_at",
        "status",
        "entry_point",
        "milieu",
        "isolation",
        "origin_strategy_id",
        "origin_strategy__default",
        "municipality__name",
        "municipality__mrc",
        "municipality__region__name",
        "organization__region__name",
        "organization__milieu",
    ):
        family_id = family["id"]
        first_met = timezone.localtime(family["created_at"])
        contact = contacts.get(family_id, {})
        referral = referrals.get(family_id, {})
        isolation = set(family["isolation"] or [])
        record = {
            "territory": _territory(family),
            "milieu": kept_path(family["milieu"] or family["organization__milieu"]),
            "youngest_child": _youngest_child(members[family_id], period_end),
            "household_size": household_size_path(
                sum(1 for member in members[family_id] if not member["expected"])
            ),
            "first_met": month_path(first_met.year, first_met.month),
            "status": family["status"],
            "entry_point": family["entry_point"] or UNKNOWN,
            "strategy": _strategy(family),
            "contacts": contact.get("count", 0),
            "contact_minutes": contact.get("minutes") or 0,
            "travel_minutes": contact.get("travel") or 0,
            "referrals": referral.get("referrals", 0),
            "referrals_open": referral.get("referrals_open", 0),
        }
        for column, value in zip(ISOLATION_COLUMNS, Isolation.values, strict=True):
            record[column] = int(value in isolation)
        for column in REFERRAL_OUTCOMES:
            record[column] = referral.get(column, 0)
        records.append(record)
    return records


def _territory(family):
    if family["municipality__name"]:
        return territory_path(
            family["municipality__name"],
            family["municipality__mrc"],
            family["municipality__region__name"],
        )
    # Without a municipality, the organization's region is the most precise place known.
    return territory_path("", "", family["organization__region__name"])


def _youngest_child(members, on):
    if any(member["expected"] for member in members):
        return youngest_child_path(None, expected=True)
    ages = [
        age
        for member in members
        if (
            age := Member(
                birth_year=member["birth_year"], birth_month=member["birth_month"]
            ).age_on(on)
        )
        is not None
    ]
    under_18 = [age for age in ages if age < 18]
    return youngest_child_path(min(under_18) if under_18 else None)


def _strategy(family):
    if family["origin_strategy__default"]:
        return family["origin_strategy__default"]
    # An organization's own strategy is free text: its name could point to a place or a person.
    return CUSTOM_STRATEGY if family["origin_strategy_id"] else NO_STRATEGY


# --- The codebook -----------------------------------------------------------------------------

LEVEL_NAMES = {
    "territory": ["municipality", "mrc", "region", "province"],
    "milieu": ["as_recorded"],
    "youngest_child": ["age", "age_band", "under_18"],
    "household_size": ["exact", "band", "two_bands", "any"],
    "first_met": ["month", "quarter", "year", "any"],
}


#: For the release log: each quasi-identifier and the precision of each of its levels.
QUASI_IDENTIFIER_LABELS = {
    "territory": gettext_lazy("Territory"),
    "milieu": gettext_lazy("Milieu"),
    "youngest_child": gettext_lazy("Youngest child"),
    "household_size": gettext_lazy("Household size"),
    "first_met": gettext_lazy("File opened"),
}
LEVEL_LABELS = {
    "territory": [
        gettext_lazy("municipality"),
        gettext_lazy("MRC"),
        gettext_lazy("administrative region"),
        gettext_lazy("province"),
    ],
    "milieu": [gettext_lazy("as recorded")],
    "youngest_child": [
        gettext_lazy("age in years"),
        gettext_lazy("age band"),
        gettext_lazy("under 18 or not"),
    ],
    "household_size": [
        gettext_lazy("exact"),
        gettext_lazy("bands of two"),
        gettext_lazy("1 to 4, or 5 and more"),
        gettext_lazy("not given"),
    ],
    "first_met": [
        gettext_lazy("month"),
        gettext_lazy("quarter"),
        gettext_lazy("year"),
        gettext_lazy("not given"),
    ],
}


def precision(levels: dict) -> list[tuple[str, str]]:
    """(column, precision) for each quasi-identifier of a release, in the reader's language."""
    return [
        (QUASI_IDENTIFIER_LABELS[name], LEVEL_LABELS[name][level])
        for name, level in levels.items()
        if name in LEVEL_LABELS and 0 <= level < len(LEVEL_LABELS[name])
    ]


def _choices(pairs):
    return "; ".join(f"{value} = {label}" for value, label in pairs)


def codebook_rows() -> list[tuple[str, str, str]]:
    """(column, meaning, values) for every column of extract.csv, in the reader's language."""
    isolation_labels = dict(Isolation.choices)
    yes_no = _("1 = yes; 0 = no")
    whole = _("A whole number, 0 or more.")
    rows = [
        (
            "territory",
            _(
                "Where the family lives: its municipality, MRC, administrative region or "
                "the province, whichever level this release needed (see release.csv). "
                "Without a municipality, the region of the organization."
            ),
            _("A name; unknown when not recorded."),
        ),
        ("milieu", _("The family's milieu, as recorded."), _choices(Milieu.choices)),
        (
            "youngest_child",
            _(
                "Age in whole years of the youngest member under 18 on the last day of the "
                "period, or its age band, or whether there is one, depending on the level."
            ),
            _(
                "0 to 17; expected (an expected birth); 0-5, 6-12, 13-17; under_18; none "
                "(no member under 18)."
            ),
        ),
        (
            "household_size",
            _("Members of the household, expected births left out."),
            _("1, 2, 3…; 1-2, 3-4, 5-6, 7+; 1-4, 5+; * (any); unknown (no member recorded)."),
        ),
        (
            "first_met",
            _("When the family's file was opened."),
            _("YYYY-MM (month), YYYY-Qn (quarter), YYYY (year) or * (any)."),
        ),
        (
            "status",
            _("The family's status on the day of the release."),
            _choices(Status.choices),
        ),
        (
            "entry_point",
            _("Who opened the door to the family."),
            _choices([*EntryPoint.choices, (UNKNOWN, _("Not recorded"))]),
        ),
        (
            "strategy",
            _("The outreach strategy that reached the family."),
            _choices(
                [
                    *DefaultStrategy.choices,
                    (CUSTOM_STRATEGY, _("A strategy of the organization's own")),
                    (NO_STRATEGY, _("Not recorded")),
                ]
            ),
        ),
    ]
    for column, value in zip(ISOLATION_COLUMNS, Isolation.values, strict=True):
        rows.append(
            (
                column,
                _("Isolation: %(dimension)s.") % {"dimension": isolation_labels[value]},
                yes_no,
            )
        )
    rows += [
        ("contacts", _("Contacts with the family during the period."), whole),
        ("contact_minutes", _("Minutes of those contacts."), whole),
        ("travel_minutes", _("Minutes of travel for those contacts."), whole),
        ("referrals", _("Referrals made for the family during the period."), whole),
        (
            "referrals_received",
            _("Of those referrals, how many ended with the service received."),
            whole,
        ),
        (
            "referrals_not_used",
            _("Of those referrals, how many ended not used by the family."),
            whole,
        ),
        (
            "referrals_refused",
            _("Of those referrals, how many were refused by the service."),
            whole,
        ),
        ("referrals_withdrawn", _("Of those referrals, how many were withdrawn."), whole),
        (
            "referrals_open",
            _("Of those referrals, how many were still under way on the day of the release."),
            whole,
        ),
    ]
    return rows


# --- The file ---------------------------------------------------------------------------------

#: A fixed time inside the ZIP: the same extract gives the same bytes, hence the same SHA-256.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def release_rows(extract: Extract) -> list[tuple[str, object]]:
    rows = [
        ("period_start", extract.period_start.isoformat()),
        ("period_end", extract.period_end.isoformat()),
        ("released_on", extract.released_on.isoformat()),
        ("rules_version", RULES_VERSION),
        ("k", extract.anonymized.k),
        ("families", extract.row_count),
        ("families_suppressed", extract.suppressed_count),
    ]
    for name, level in extract.anonymized.levels.items():
        rows.append((f"level_{name}", LEVEL_NAMES[name][level]))
    return rows


def archive(extract: Extract) -> bytes:
    """The ZIP handed over: extract.csv, codebook.csv and release.csv."""
    files = {
        "extract.csv": excel_csv([extract.anonymized.columns, *extract.anonymized.rows]),
        "codebook.csv": excel_csv([("column", "meaning", "values"), *codebook_rows()]),
        "release.csv": excel_csv([("key", "value"), *release_rows(extract)]),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in files.items():
            zipped.writestr(
                zipfile.ZipInfo(name, date_time=ZIP_TIME), content, zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()
