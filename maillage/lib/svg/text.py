"""Text measured without a font: the width a label takes, and labels fitted to a width.

The advances are the wider of DejaVu Sans and Liberation Sans (metric-compatible with Arial)
for each character, in thousandths of an em, read from the fonts once. The drawings name
those fonts first, and other sans-serif fonts are narrower, so an estimate is an upper bound.
"""

from __future__ import annotations

import unicodedata

# " " to "~" (32 to 126).
_ASCII = (
    318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337,
    637, 637, 637, 637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 557,
    1016, 685, 687, 723, 771, 667, 611, 778, 752, 295, 500, 667, 558, 863, 749, 788,
    667, 788, 723, 667, 611, 732, 685, 989, 686, 667, 686, 391, 337, 391, 838, 557,
    500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580, 278, 975, 634, 612,
    635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
)  # fmt: skip
_OTHERS = {
    "’": 318, "‘": 318, "«": 612, "»": 612, "“": 500, "”": 500, "…": 1000, "–": 557,
    "—": 1000, "œ": 1023, "Œ": 1070, "æ": 982, "Æ": 1000, "ß": 630, "\u00a0": 318,
    "\u202f": 200, "°": 500, "×": 838, "€": 637, "·": 318,
}  # fmt: skip
UNKNOWN = 1000  # a full em: wider than any letter above
BOLD = 1.27  # the widest bold advance over its regular one, in the same fonts
ELLIPSIS = "…"


def _advance(char: str) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return _ASCII[code - 32]
    if char in _OTHERS:
        return _OTHERS[char]
    # An accented letter is as wide as its base letter ("é" as "e", "Ç" as "C").
    base = unicodedata.normalize("NFD", char)[0]
    if base != char and 32 <= ord(base) < 127:
        return _ASCII[ord(base) - 32]
    return UNKNOWN


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` at font size ``size``, in the same unit, never less than drawn."""
    return sum(_advance(char) for char in str(text)) * size / 1000 * (BOLD if bold else 1)


def normalize(text) -> str:
    return " ".join(str(text).split())


def fit(text, width: float, size: float, *, lines: int = 1, bold=False) -> tuple[list, bool]:
    """``text`` in at most ``lines`` lines no wider than ``width``: broken between words (a
    word longer than a line is broken inside), the last line cut at its end with "…" when
    the text does not fit. Returns the lines and whether the text was cut."""
    text = normalize(text)

    def fits(candidate):
        return text_width(candidate, size, bold=bold) <= width

    out, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            out.append(current)
        while len(word) > 1 and not fits(word):
            cut = max(n for n in range(1, len(word)) if fits(word[:n]) or n == 1)
            out.append(word[:cut])
            word = word[cut:]
        current = word
    out.append(current)
    if len(out) <= lines:
        return out, False
    last = out[lines - 1]
    while last and not fits(last + ELLIPSIS):
        last = last[:-1]
    return [*out[: lines - 1], last.rstrip() + ELLIPSIS], True
