"""Reader for the Répertoire des municipalités du Québec (MAMH), official CSV format.

Django-free: it validates every row first and returns plain records, so the
loader can write all of them in one transaction or none at all.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

REQUIRED_COLUMNS = ("mcode", "munnom", "mdes", "regadm", "mrc", "msupft", "mpopul", "mcodpos")
_REGION = re.compile(r"^(?P<name>.+?)\s*\((?P<code>\d{2})\)$")


@dataclass(frozen=True)
class MunicipalityRecord:
    code: str
    name: str
    designation: str
    region_code: str
    region_name: str
    mrc: str
    population: int | None
    land_area_km2: Decimal | None
    postal_code: str


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


class ReferenceFileError(ValueError):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in the municipal reference file.")


def region_from_label(label: str) -> tuple[str, str] | None:
    """``"Gaspésie--Îles-de-la-Madeleine (11)"`` → ``("11", "Gaspésie–Îles-de-la-Madeleine")``.

    The official file writes ``--`` where the usual spelling has an en dash.
    """
    match = _REGION.match(label.strip())
    if not match:
        return None
    return match["code"], match["name"].replace("--", "\u2013")


def _optional_int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _optional_decimal(value: str) -> Decimal | None:
    return Decimal(value) if value.strip() else None


def parse_reference(text: str) -> list[MunicipalityRecord]:
    """Parse the whole file; raise ReferenceFileError listing every bad row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceFileError([RowError(1, column, "missing column") for column in missing])
    records: list[MunicipalityRecord] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        code = (row["mcode"] or "").strip()
        if not re.fullmatch(r"\d{5}", code):
            errors.append(RowError(line, "mcode", "must be a 5-digit code"))
            continue
        if code in seen:
            errors.append(RowError(line, "mcode", "appears twice"))
            continue
        seen.add(code)
        name = (row["munnom"] or "").strip()
        if not name:
            errors.append(RowError(line, "munnom", "is empty"))
        region = region_from_label(row["regadm"] or "")
        if region is None:
            errors.append(RowError(line, "regadm", "must read 'Name (NN)'"))
        try:
            population = _optional_int(row["mpopul"] or "")
        except ValueError:
            errors.append(RowError(line, "mpopul", "must be a whole number"))
            population = None
        try:
            area = _optional_decimal(row["msupft"] or "")
        except InvalidOperation:
            errors.append(RowError(line, "msupft", "must be a number"))
            area = None
        if not name or region is None:
            continue
        records.append(
            MunicipalityRecord(
                code=code,
                name=name,
                designation=(row["mdes"] or "").strip(),
                region_code=region[0],
                region_name=region[1],
                mrc=(row["mrc"] or "").strip(),
                population=population,
                land_area_km2=area,
                postal_code=(row["mcodpos"] or "").strip(),
            )
        )
    if errors:
        raise ReferenceFileError(errors)
    return records
