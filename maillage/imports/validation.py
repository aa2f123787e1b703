"""Checking a whole import before anything is written.

Every row of every sheet is read, and every problem is kept as (sheet, row, column,
message) rather than stopping at the first: the person fixes the spreadsheet once. The
messages are kept as translatable texts with their values and rendered only when shown,
so the same report reads in French or in English. The references between sheets (a
member's family, a contact's family) are resolved against the file and the organization.

The result is a ``Plan``: the cleaned rows, with the objects they point to, ready for
``services.import_history`` to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from maillage.accompaniment.models import ContactMode
from maillage.accounts.models import ORGANIZATION_ROLES, Membership
from maillage.core.taxonomy import InterventionType, Need
from maillage.families.models import (
    ClosureReason,
    ConsentMethod,
    EntryPoint,
    Family,
    ImmigrationContext,
    Isolation,
    MemberRole,
    Status,
    Strength,
)
from maillage.lib import referral_flow as flow
from maillage.organizations.models import Milieu, Municipality
from maillage.organizations.served import served_municipalities
from maillage.outreach.models import DefaultStrategy, PlaceType, Strategy
from maillage.partners.models import Partner
from maillage.referrals.models import NonUseReason, ReferralStatus

from . import schema
from .parsing import RawSheet

#: The consent text version recorded when the file does not say which one was read.
DEFAULT_TEXT_VERSION = "historique"
CODE_PATTERN = re.compile(r"^[A-Z0-9-]{2,12}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MUNICIPAL_CODE = re.compile(r"^\d{5}$")
TRUE_WORDS = {"oui", "yes", "vrai", "true", "1", "o", "y", "x"}
FALSE_WORDS = {"non", "no", "faux", "false", "0", "n"}
#: Longest value of each text column (the model's limit).
MAX_LENGTH = {
    "text_version": 40,
    "languages": 200,
    "note": 2000,
    "partner": 200,
    "service": 300,
}
#: The allowed values of each choice column, by (sheet, column).
CHOICE_SETS = {
    ("families", "consent_method"): ConsentMethod,
    ("families", "status"): Status,
    ("families", "closure_reason"): ClosureReason,
    ("families", "entry_point"): EntryPoint,
    ("families", "milieu"): Milieu,
    ("families", "immigration_context"): ImmigrationContext,
    ("families", "isolation"): Isolation,
    ("families", "strengths"): Strength,
    ("members", "role"): MemberRole,
    ("outreach", "place_type"): PlaceType,
    ("contacts", "mode"): ContactMode,
    ("contacts", "needs"): Need,
    ("contacts", "interventions"): InterventionType,
    ("referrals", "need"): Need,
    ("referrals", "status"): ReferralStatus,
    ("referrals", "reason"): NonUseReason,
}
MAX_ECHO = 60
BATCH = 500
#: Problems listed at most: a file wrong on every row would otherwise make a page of a
#: million lines. Every row is still checked; the person fixes these and checks again.
MAX_PROBLEMS = 1_000


@dataclass(frozen=True)
class Problem:
    """One problem, where the person finds it in the spreadsheet. ``row`` is None for a
    problem of the whole sheet or file; ``column`` is empty for a whole row."""

    sheet: str
    row: int | None
    column: str
    text: object  # a lazy translatable text
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(self.text) % self.params if self.params else str(self.text)


@dataclass
class Plan:
    """The cleaned rows, per sheet, in file order; each row a dict with its ``row`` number."""

    families: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    outreach: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    referrals: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {sheet.key: len(getattr(self, sheet.key)) for sheet in schema.SHEETS}


class Invalid(Exception):
    def __init__(self, text, **params):
        super().__init__(text)
        self.text = text
        self.params = params


def choice_lookup(choices) -> dict[str, str]:
    """Codes and labels (French and English) of ``choices``, folded, to the code."""
    lookup = {}
    for value, label in choices.choices:
        lookup[schema.fold(value)] = value
        for language in ("en", "fr-ca"):
            with override(language):
                lookup.setdefault(schema.fold(str(label)), value)
    return lookup


def strategy_names(strategy: Strategy) -> list[str]:
    if not strategy.default:
        return [strategy.custom_name]
    label = DefaultStrategy(strategy.default).label
    names = [strategy.default]
    for language in ("fr-ca", "en"):
        with override(language):
            names.append(str(label))
    return names


def _echo(value) -> str:
    text = str(value)
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


class Validator:
    """Validates the sheets of one upload for one organization (see the module docstring)."""

    def __init__(self, organization, sheets: list[RawSheet]):
        self.organization = organization
        self.sheets = sheets
        self.today = timezone.localdate()
        self.problems: list[Problem] = []
        self._positions: list[tuple[int, int, int]] = []
        self._more_problems = False
        self.plan = Plan()
        self._choices = {key: choice_lookup(choices) for key, choices in CHOICE_SETS.items()}
        self._load_references()

    # -- what the rows may point to ---------------------------------------------------

    def _load_references(self):
        org = self.organization
        memberships = (
            Membership.objects.for_org(org)
            .filter(role__in=ORGANIZATION_ROLES)
            .select_related("user")
        )
        # Past members count: the logs being imported were often written by people who left.
        self.workers = {m.user.email.casefold(): m.user for m in memberships}
        self.strategies = {}
        for strategy in Strategy.objects.for_org(org):
            for name in strategy_names(strategy):
                self.strategies.setdefault(schema.fold(name), strategy)
        # The forms' rule: a new record names only a municipality the organization serves.
        served = set(served_municipalities(org).values_list("pk", flat=True))
        self.municipalities_by_code = {}
        self.municipalities_by_name: dict[str, list] = {}
        for municipality in Municipality.objects.only("pk", "code", "name"):
            self.municipalities_by_code[municipality.code] = municipality
            self.municipalities_by_name.setdefault(schema.fold(municipality.name), []).append(
                municipality
            )
        self.served = served
        self.partners = {}
        for partner in Partner.objects.visible_to(org).prefetch_related("services"):
            services = {schema.fold(service.name): service for service in partner.services.all()}
            self.partners.setdefault(schema.fold(partner.name), (partner, services))
        self.existing_families = {}  # filled once the codes of the file are known

    # -- entry point -------------------------------------------------------------------

    def run(self) -> tuple[Plan, list[Problem]]:
        found = self._find_sheets()
        if found is None:
            return self.plan, self.problems
        codes = set()
        for sheet_key, (raw, columns) in found.items():
            index = columns.get("code" if sheet_key == "families" else "family_code")
            if index is not None:
                codes |= {
                    _text(values[index]).upper()
                    for _number, values in raw.rows
                    if index < len(values) and values[index] is not None
                }
        self.existing_families = {}
        codes = sorted(codes)
        # In slices: SQLite bounds the number of parameters of one query.
        for start in range(0, len(codes), BATCH):
            known = Family.objects.for_org(self.organization).filter(
                code__in=codes[start : start + BATCH]
            )
            self.existing_families |= {family.code: family for family in known}
        self.file_codes = set()
        self.first_contacts = {}  # code of a family of the file: its first contact
        # Families first: the other sheets refer to them.
        for sheet in schema.SHEETS:
            if sheet.key in found:
                raw, columns = found[sheet.key]
                getattr(self, f"_{sheet.key}")(sheet, raw, columns)
        order = sorted(range(len(self.problems)), key=self._positions.__getitem__)
        self.problems = [self.problems[index] for index in order]
        if self._more_problems:
            self.problems.append(
                Problem(
                    "—",
                    None,
                    "",
                    _(
                        "The file has more problems: only the first 1,000 are listed. Fix "
                        "them, then check the file again."
                    ),
                )
            )
        if not self.problems and not any(self.plan.counts().values()):
            self.problems.append(
                Problem(found_name(found), None, "", _("The file holds no row to import."))
            )
        return self.plan, self.problems

    def _find_sheets(self):
        found: dict[str, tuple[RawSheet, dict[str, int]]] = {}
        for raw in self.sheets:
            sheet = schema.SHEET_BY_NAME.get(schema.fold(raw.name))
            if sheet is None:
                continue  # the template's instructions, or the person's own notes
            if sheet.key in found:
                self._add(raw, None, "", _("The file holds this sheet twice."))
                continue
            columns = self._headers(sheet, raw)
            if columns is not None:
                found[sheet.key] = (raw, columns)
        if not found and not self.problems:
            self.problems.append(
                Problem(
                    "—",
                    None,
                    "",
                    _(
                        "No sheet of the import was found: name the sheets (or the CSV files) "
                        "familles, membres, demarchage, contacts and references."
                    ),
                )
            )
            return None
        return found

    def _headers(self, sheet: schema.Sheet, raw: RawSheet):
        """The position of each column, or None when the sheet cannot be read (a required
        column is missing: every row would repeat the same problem)."""
        by_name = {
            schema.fold(name): column for column in sheet.columns for name in (column.fr, column.en)
        }
        columns: dict[str, int] = {}
        for index, header in enumerate(raw.headers):
            if not header:
                continue
            column = by_name.get(schema.fold(header))
            if column is None:
                self._add(raw, 1, header, _("This column is not part of the import format."))
            elif column.key in columns:
                self._add(raw, 1, header, _("This column appears twice."))
            else:
                columns[column.key] = index
        missing = [c for c in sheet.columns if c.required and c.key not in columns]
        for column in missing:
            self._add(
                raw,
                1,
                column.fr,
                _("The required column “%(name)s” is missing."),
                name=column.fr,
            )
        return None if missing else columns

    # -- reading one row ---------------------------------------------------------------

    def _add(self, raw: RawSheet, row, column: str, text, **params):
        if len(self.problems) >= MAX_PROBLEMS:
            self._more_problems = True
            return
        self.problems.append(Problem(raw.name, row, column, text, params))
        # Reported as the person reads the file: sheet by sheet, row by row, left to right.
        where = raw.headers.index(column) if column in raw.headers else len(raw.headers)
        self._positions.append((self.sheets.index(raw), row or 0, where))

    def _rows(self, sheet: schema.Sheet, raw: RawSheet, columns: dict[str, int]):
        """Each row's values read by column kind; yields (row number, values, header names,
        keys of the values refused). Problems come in the order of the file's columns."""
        headers = {key: raw.headers[index] for key, index in columns.items()}
        ordered = sorted(sheet.columns, key=lambda c: columns.get(c.key, len(raw.headers)))
        for number, values in raw.rows:
            cleaned, bad = {}, set()
            for column in ordered:
                index = columns.get(column.key)
                value = values[index] if index is not None and index < len(values) else None
                cleaned[column.key] = None
                if value is None:
                    if column.required:
                        self._add(raw, number, headers[column.key], _("This value is required."))
                        bad.add(column.key)
                    continue
                try:
                    cleaned[column.key] = self._read(sheet, column, value)
                except Invalid as invalid:
                    self._add(raw, number, headers[column.key], invalid.text, **invalid.params)
                    bad.add(column.key)
            yield number, cleaned, headers, bad

    def _read(self, sheet, column: schema.Column, value):
        reader = getattr(self, f"_read_{column.kind}")
        if column.kind in (schema.CHOICE, schema.CHOICES):
            return reader(value, self._choices[(sheet.key, column.key)])
        if column.kind == schema.TEXT:
            return reader(value, MAX_LENGTH.get(column.key, 200))
        return reader(value)

    def _read_text(self, value, max_length):
        text = _text(value)
        if len(text) > max_length:
            raise Invalid(_("This text is longer than %(max)s characters."), max=max_length)
        return text

    def _read_code(self, value):
        code = _text(value).upper()
        if not CODE_PATTERN.match(code):
            raise Invalid(_("A family code has 2 to 12 letters, digits or hyphens."))
        return code

    def _read_date(self, value):
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        else:
            text = _text(value)
            try:
                if not ISO_DATE.match(text):
                    raise ValueError(text)
                day = date.fromisoformat(text)
            except ValueError:
                raise Invalid(_("Write the date as YYYY-MM-DD, for example 2025-03-14.")) from None
        if day > self.today:
            raise Invalid(_("A date cannot be in the future."))
        return day

    def _read_integer(self, value):
        if isinstance(value, bool):
            raise Invalid(_("Write a whole number, 0 or more."))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = _text(value)
        if not text.isdigit():
            raise Invalid(_("Write a whole number, 0 or more."))
        number = int(text)
        if number > 1_000_000:
            raise Invalid(_("This number is too large."))
        return number

    def _read_decimal(self, value):
        try:
            number = Decimal(_text(value).replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            raise Invalid(_("Write a number, 0 or more (for example 12.5)."))
        if number >= 100_000:
            raise Invalid(_("This number is too large."))
        return number.quantize(Decimal("0.1"))

    def _read_boolean(self, value):
        if isinstance(value, bool):
            return value
        word = schema.fold(_text(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise Invalid(_("Write yes or no (oui or non)."))

    def _read_choice(self, value, lookup):
        found = lookup.get(schema.fold(_text(value)))
        if found is None:
            raise Invalid(
                _("“%(value)s” is not one of the allowed values (see the instructions sheet)."),
                value=_echo(value),
            )
        return found

    def _read_choices(self, value, lookup):
        chosen = []
        for part in _text(value).split(";"):
            if part.strip():
                code = self._read_choice(part.strip(), lookup)
                if code not in chosen:
                    chosen.append(code)
        return chosen

    def _read_email(self, value):
        user = self.workers.get(_text(value).casefold())
        if user is None:
            raise Invalid(
                _("No member of your organization has the e-mail address “%(value)s”."),
                value=_echo(value),
            )
        return user

    def _read_emails(self, value):
        users = []
        for part in _text(value).split(";"):
            if part.strip():
                user = self._read_email(part.strip())
                if user not in users:
                    users.append(user)
        return users

    def _read_strategy(self, value):
        strategy = self.strategies.get(schema.fold(_text(value)))
        if strategy is None:
            raise Invalid(
                _(
                    "Your organization has no outreach strategy named “%(value)s”: "
                    "add it on the strategies page first."
                ),
                value=_echo(value),
            )
        return strategy

    def _read_municipality(self, value):
        text = _text(value)
        if MUNICIPAL_CODE.match(text):
            municipality = self.municipalities_by_code.get(text)
            if municipality is None:
                raise Invalid(_("No municipality has the geographic code %(value)s."), value=text)
            return self._served(municipality, text)
        named = self.municipalities_by_name.get(schema.fold(text), [])
        if not named:
            raise Invalid(_("No municipality is named “%(value)s”."), value=_echo(text))
        # A name shared by municipalities of several regions: the ones served decide.
        candidates = [m for m in named if m.pk in self.served]
        if not candidates:
            return self._served(named[0], text)
        if len(candidates) > 1:
            raise Invalid(
                _(
                    "Several municipalities are named “%(value)s”: give the five-digit "
                    "geographic code instead."
                ),
                value=_echo(text),
            )
        return candidates[0]

    def _served(self, municipality, text):
        if municipality.pk not in self.served:
            raise Invalid(
                _(
                    "Your organization does not serve the municipality “%(value)s”: add it to "
                    "the municipalities served on the organization's page first."
                ),
                value=_echo(text),
            )
        return municipality

    # -- the sheets --------------------------------------------------------------------

    def _family_for(self, raw, number, headers, code, *, adds_events=False):
        """The family a row names: one of the file (its code) or of the organization."""
        if code is None:  # already reported as missing
            return None
        if code in self.file_codes:
            return code
        family = self.existing_families.get(code)
        if family is None:
            self._add(
                raw,
                number,
                headers["family_code"],
                _("No family has this code, in the familles sheet or in your organization."),
            )
            return None
        if adds_events and family.status == Status.CLOSED:
            self._add(
                raw,
                number,
                headers["family_code"],
                _("This family's file is closed: reopen it before adding contacts or referrals."),
            )
            return None
        return family

    def _after_first_contact(self, raw, number, headers, row) -> bool:
        """A contact or referral of a family of the file cannot come before its first
        contact (most often two dates swapped, or the wrong family's code)."""
        first = self.first_contacts.get(row["family_code"])
        if first is None or row["date"] is None or row["date"] >= first:
            return True
        self._add(
            raw,
            number,
            headers["date"],
            _("This date is before the family's first contact (%(date)s)."),
            date=first.isoformat(),
        )
        return False

    def _families(self, sheet, raw, columns):
        first_row = {}
        for number, row, headers, bad in self._rows(sheet, raw, columns):
            ok = not bad
            code = row["code"]
            if code is not None:
                if code in first_row:
                    self._add(
                        raw,
                        number,
                        headers["code"],
                        _("This code appears more than once in the sheet (first on row %(row)s)."),
                        row=first_row[code],
                    )
                    ok = False
                else:
                    first_row[code] = number
                    # Known to the other sheets even when this row has another problem: one
                    # mistake should not be reported again on every row that names the family.
                    self.file_codes.add(code)
                    if row["first_contact"]:
                        self.first_contacts[code] = row["first_contact"]
                if code in self.existing_families:
                    self._add(
                        raw,
                        number,
                        headers["code"],
                        _(
                            "A family with this code already exists in your organization: to "
                            "add to its history, name it only in the other sheets."
                        ),
                    )
                    ok = False
            status = row["status"] or Status.FIRST_CONTACT
            since = row["status_since"]
            column = headers.get("status_since") or sheet.column("status_since").fr
            if status != Status.FIRST_CONTACT and since is None and "status_since" not in bad:
                self._add(
                    raw,
                    number,
                    column,
                    _("Give the date of the status when it is not first contact."),
                )
                ok = False
            if since and row["first_contact"] and since < row["first_contact"]:
                self._add(
                    raw, number, column, _("The status date cannot be before the first contact.")
                )
                ok = False
            reason_column = headers.get("closure_reason") or sheet.column("closure_reason").fr
            if (
                status == Status.CLOSED
                and not row["closure_reason"]
                and "closure_reason" not in bad
            ):
                self._add(raw, number, reason_column, _("Say why the file was closed."))
                ok = False
            if status != Status.CLOSED and row["closure_reason"]:
                self._add(
                    raw,
                    number,
                    reason_column,
                    _("A reason for closing is given only for a closed file."),
                )
                ok = False
            if ok:
                row["status"] = status
                row["row"] = number
                self.plan.families.append(row)

    def _members(self, sheet, raw, columns):
        max_year = self.today.year + 1
        for number, row, headers, bad in self._rows(sheet, raw, columns):
            ok = not bad
            family = self._family_for(raw, number, headers, row["family_code"])
            year, month = row["birth_year"], row["birth_month"]
            if year is not None and not 1900 <= year <= max_year:
                self._add(
                    raw,
                    number,
                    headers["birth_year"],
                    _("The year of birth must be between 1900 and %(year)s."),
                    year=max_year,
                )
                ok = False
            if month is not None and not 1 <= month <= 12:
                self._add(
                    raw, number, headers["birth_month"], _("A month is a number from 1 to 12.")
                )
                ok = False
            elif month is not None and year is None:
                self._add(
                    raw, number, headers["birth_month"], _("Give the year with the month of birth.")
                )
                ok = False
            if ok and family is not None:
                row["family"], row["row"] = family, number
                row["expected"] = bool(row["expected"])
                self.plan.members.append(row)

    def _outreach(self, sheet, raw, columns):
        for number, row, headers, bad in self._rows(sheet, raw, columns):
            ok = not bad
            reached = row["families_reached"] or 0
            if row["people_met"] is not None and reached > row["people_met"]:
                self._add(
                    raw,
                    number,
                    headers["families_reached"],
                    _("Families newly reached cannot be more than the people met."),
                )
                ok = False
            if ok:
                row["families_reached"], row["row"] = reached, number
                self.plan.outreach.append(row)

    def _contacts(self, sheet, raw, columns):
        for number, row, headers, bad in self._rows(sheet, raw, columns):
            ok = not bad
            family = self._family_for(raw, number, headers, row["family_code"], adds_events=True)
            ok &= self._after_first_contact(raw, number, headers, row)
            if row["duration_minutes"] == 0:
                self._add(
                    raw,
                    number,
                    headers["duration_minutes"],
                    _("A contact lasts at least one minute."),
                )
                ok = False
            if ok and family is not None:
                row["family"], row["row"] = family, number
                self.plan.contacts.append(row)

    def _referrals(self, sheet, raw, columns):
        for number, row, headers, bad in self._rows(sheet, raw, columns):
            ok = not bad
            family = self._family_for(raw, number, headers, row["family_code"], adds_events=True)
            ok &= self._after_first_contact(raw, number, headers, row)
            status = row["status"] or flow.INITIAL
            status_column = headers.get("status_date") or sheet.column("status_date").fr
            reason_column = headers.get("reason") or sheet.column("reason").fr
            on = row["status_date"]
            if status != flow.INITIAL and on is None and "status_date" not in bad:
                self._add(
                    raw,
                    number,
                    status_column,
                    _("Give the date the referral reached this status."),
                )
                ok = False
            if on and row["date"] and on < row["date"]:
                self._add(
                    raw,
                    number,
                    status_column,
                    _("The status date cannot be before the referral's date."),
                )
                ok = False
            reason = row["reason"] or ""
            try:
                path = path_to(status, reason)
            except flow.TransitionRefused as refused:
                if not bad & {"status", "reason"}:  # already reported
                    self._add(raw, number, reason_column, _reason_message(refused.code))
                ok = False
                path = []
            row["service_object"] = None
            if row["service"]:
                _partner, services = self.partners.get(
                    schema.fold(row["partner"] or ""), (None, {})
                )
                service = services.get(schema.fold(row["service"]))
                if service is None:
                    self._add(
                        raw,
                        number,
                        headers["service"],
                        _("Your directory has no service named “%(value)s” for this partner."),
                        value=_echo(row["service"]),
                    )
                    ok = False
                row["service_object"] = service
            if ok and family is not None:
                row.update(family=family, row=number, status=status, reason=reason, path=path)
                self.plan.referrals.append(row)


def _reason_message(code: str):
    if code == "reason_not_expected":
        return _("A reason is given only when the referral was not used, refused or withdrawn.")
    return _("Give the reason, from the list, why the referral was not used or refused.")


def path_to(status: str, reason: str = "") -> list[str]:
    """The shortest way through the referral flow from its start to ``status``: the history
    an import recreates. Each step is checked by ``maillage.lib.referral_flow``, the reason
    on the last one; raises ``TransitionRefused`` when the reason does not fit."""
    paths = {flow.INITIAL: []}
    queue = [flow.INITIAL]
    while queue:
        current = queue.pop(0)
        for following in sorted(flow.allowed_from(current)):
            if following not in paths:
                paths[following] = [*paths[current], following]
                queue.append(following)
    path = paths[status]
    if not path:
        if reason:
            raise flow.TransitionRefused("reason_not_expected")
        return path
    state = flow.Flow()
    for step in path[:-1]:
        state.move(step)
    state.move(path[-1], reason)
    return path


def found_name(found) -> str:
    return next(iter(found.values()))[0].name


def validate(organization, sheets: list[RawSheet]) -> tuple[Plan, list[Problem]]:
    """Check ``sheets`` for ``organization``: the plan of what would be written, and every
    problem found (the plan is only to be written when there is none)."""
    return Validator(organization, sheets).run()
