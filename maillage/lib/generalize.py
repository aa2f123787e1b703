"""k-anonymity by generalization, for the research extract.

Framework-free, like ``maillage.lib.disclosure``: the rule is read by reviewers
and tested on its own.

A record is a mapping. Each **quasi-identifier** (a column that, combined with
others, could single a family out: where it lives, the age of its youngest child,
its size, when it was first met) holds a *path*: the same value from the most
precise to the most general, e.g. ``("Saint-Côme", "Matawinie", "Lanaudière",
"Québec")``. The ``*_path`` helpers below build the paths the extract uses.
**Measures** (counts of contacts, referrals...) are copied as they are. Every other
key of a record (a family code, an id) is dropped: only the columns named come out.

``anonymize`` looks for the least generalization that leaves every combination of
quasi-identifiers shared by at least ``k`` records:

* the candidates are the level vectors (one level per quasi-identifier), visited by
  total height (sum of levels): the first height where some vector needs to
  suppress at most ``max_suppressed_share`` of the records wins, and within it the
  vector suppressing the fewest records, then the first in lexicographic order;
* the records whose combination is still shared by fewer than ``k`` are
  suppressed, and counted;
* the rows come out sorted by their values, so that their order says nothing
  about the order of the input (creation, organization).

If no vector meets the budget, the most general one is used and whatever stays
under ``k`` is suppressed (all of it when there are fewer than ``k`` records).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

K = 5  # the same threshold as a published count (maillage.lib.disclosure.MIN_FAMILIES)
ANY = "*"
UNKNOWN = "unknown"

#: Column names that would carry an identifier: refused outright, whatever the caller says.
IDENTIFIER_NAMES = frozenset({"id", "pk", "uuid", "code", "family", "family_code", "name"})
IDENTIFIER_SUFFIXES = ("_id", "_uuid", "_code", "_pk")


@dataclass(frozen=True)
class Anonymized:
    columns: list[str]  # the quasi-identifiers, then the measures
    rows: list[tuple]  # one per record kept, in ``columns`` order, sorted
    levels: dict[str, int]  # the level chosen for each quasi-identifier (0: as precise as given)
    suppressed: int  # records left out because their combination stayed under k
    k: int


def is_identifier_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in IDENTIFIER_NAMES or lowered.endswith(IDENTIFIER_SUFFIXES)


def anonymize(
    records: Sequence[Mapping],
    quasi_identifiers: Mapping[str, int],
    measures: Sequence[str],
    *,
    k: int = K,
    max_suppressed_share: float = 0.05,
) -> Anonymized:
    """Generalize ``records`` until every combination of quasi-identifiers holds ``k`` or more.

    ``quasi_identifiers`` maps each column to the length of its paths (its number
    of levels); ``measures`` are copied unchanged.
    """
    names = list(quasi_identifiers)
    columns = [*names, *measures]
    refused = [name for name in columns if is_identifier_name(name)]
    if refused:
        raise ValueError(f"Identifier columns cannot be published: {', '.join(refused)}.")
    if len(set(columns)) != len(columns):
        raise ValueError("A column is named twice.")
    for record in records:
        for name in names:
            if len(record[name]) != quasi_identifiers[name]:
                raise ValueError(
                    f"Every path of {name} must have {quasi_identifiers[name]} levels."
                )

    budget = int(len(records) * max_suppressed_share)
    levels = _choose_levels(records, names, [quasi_identifiers[name] for name in names], k, budget)
    # A class is a value's whole path from its level up (see _choose_levels); the row shows
    # the value at the level only.
    classes = [
        tuple(tuple(record[name][level:]) for name, level in zip(names, levels, strict=True))
        for record in records
    ]
    sizes = Counter(classes)
    rows = sorted(
        (*(path[0] for path in key), *(record[measure] for measure in measures))
        for key, record in zip(classes, records, strict=True)
        if sizes[key] >= k
    )
    return Anonymized(
        columns=columns,
        rows=rows,
        levels=dict(zip(names, levels, strict=True)),
        suppressed=len(records) - len(rows),
        k=k,
    )


def _choose_levels(records, names, depths, k, budget) -> tuple[int, ...]:
    """The level vector chosen (see the module's docstring).

    Each vector's class sizes are derived from those of a vector one step below it (the
    previous height), by merging classes, rather than from the records again: what is
    merged shrinks as the heights go up, which keeps a province's 40,000 families
    within seconds. A value at a level is identified by its whole path from that level
    up, so two municipalities of the same name in different MRCs stay apart.
    """
    top = tuple(depth - 1 for depth in depths)
    # up[q][level]: id of a value at ``level`` -> id of its generalization at ``level + 1``.
    up: list[list[dict[int, int]]] = []
    bottom_ids: list[list[int]] = []
    for name, depth in zip(names, depths, strict=True):
        ids: list[dict[tuple, int]] = [{} for _level in range(depth)]
        links: list[dict[int, int]] = [{} for _level in range(depth - 1)]
        column = []
        for record in records:
            path = tuple(record[name])
            chain = [ids[level].setdefault(path[level:], len(ids[level])) for level in range(depth)]
            for level in range(depth - 1):
                links[level][chain[level]] = chain[level + 1]
            column.append(chain[0])
        up.append(links)
        bottom_ids.append(column)

    bottom = Counter(zip(*bottom_ids, strict=True)) if names else Counter({(): len(records)})
    layer = {tuple(0 for _depth in depths): bottom}
    for _height in range(sum(top) + 1):  # one layer of the lattice per height
        best = None
        for levels in sorted(layer):
            sizes = layer[levels]
            suppressed = sum(size for size in sizes.values() if size < k)
            if suppressed <= budget and (best is None or suppressed < best[0]):
                best = (suppressed, levels)
        if best is not None:
            return best[1]
        following = {}
        for levels in sorted(layer):
            for index, level in enumerate(levels):
                if level == top[index]:
                    continue
                raised = (*levels[:index], level + 1, *levels[index + 1 :])
                if raised in following:
                    continue
                link = up[index][level]
                merged = Counter()
                for key, size in layer[levels].items():
                    merged[(*key[:index], link[key[index]], *key[index + 1 :])] += size
                following[raised] = merged
        layer = following
    return top


# --- The paths of the research extract ----------------------------------------------------


def territory_path(municipality: str, mrc: str, region: str, province: str = "Québec") -> tuple:
    """Municipality → MRC → administrative region → province."""
    region = region or UNKNOWN
    mrc = mrc or UNKNOWN
    municipality = municipality or UNKNOWN
    return (municipality, mrc, region, province)


def youngest_child_path(age: int | None, *, expected: bool = False) -> tuple:
    """The youngest child under 18: age in years → 0-5 / 6-12 / 13-17 → under 18.

    An expected birth counts as the youngest child ("expected", then 0-5: perinatal
    work is part of the 0-5 target). A household without a child under 18 is "none".
    """
    if expected:
        return ("expected", "0-5", "under_18")
    if age is None or age >= 18:
        return ("none", "none", "none")
    band = "0-5" if age <= 5 else "6-12" if age <= 12 else "13-17"
    return (str(age), band, "under_18")


def household_size_path(size: int) -> tuple:
    """Members of the household: exact → 1-2 / 3-4 / 5-6 / 7+ → 1-4 / 5+ → any."""
    if size <= 0:
        return (UNKNOWN, UNKNOWN, UNKNOWN, ANY)
    if size >= 7:
        band = "7+"
    else:
        low = size - (size + 1) % 2  # 1-2, 3-4, 5-6
        band = f"{low}-{low + 1}"
    return (str(size), band, "1-4" if size <= 4 else "5+", ANY)


def month_path(year: int, month: int) -> tuple:
    """A month → its quarter → its year → any."""
    return (f"{year}-{month:02d}", f"{year}-Q{(month - 1) // 3 + 1}", str(year), ANY)


def kept_path(value: str) -> tuple:
    """A quasi-identifier published as it is (the milieu): one level only."""
    return (value or UNKNOWN,)
