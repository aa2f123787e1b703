"""The pieces every chart shares: escaping, numbers, the ``<svg>`` root, labels, and the
``Drawing`` a chart returns (or its one sentence when there is nothing to draw)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .palette import BACKGROUND, HALO, INK
from .text import fit, text_width

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"  # the fonts text.py measures
ASCENT = 0.76  # from a line's top to its baseline, in ems (with room for accents)
LEADING = 1.25  # line height, in ems


def esc(text) -> str:
    return escape(str(text), quote=True)


def num(value: float) -> str:
    """A coordinate: one decimal at most, no "-0", always a dot (never localized)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Markup(str):
    """Text already escaped: template engines that honour ``__html__`` (Django's, Jinja's)
    print it as is."""

    def __html__(self) -> str:
        return self


@dataclass
class Drawing:
    """A chart: its SVG markup, or, when ``empty``, a sentence in its place.

    Templates print it as is (``{{ chart }}``): its text is ``Markup``, every text in it
    having been escaped here."""

    markup: str
    empty: bool = False
    legend: list = field(default_factory=list)  # [Key]: what the lines and bars stand for
    layout: object = None  # the geometry, for tests and for pages that list it

    def __html__(self) -> str:
        return Markup(self.markup)

    __str__ = __html__


@dataclass
class Key:
    label: str
    swatch: Markup  # a small decorative SVG of the line or bar


def nothing_to_draw(sentence: str, layout=None) -> Drawing:
    """The one treatment of an empty chart: no drawing, a sentence (the table keeps the
    zeros; a drawing of nothing would say nothing more)."""
    return Drawing(f'<p class="chart-empty">{esc(sentence)}</p>', empty=True, layout=layout)


def root(width, height, body, *, chart_id, title, desc="", kind, size=14, origin=(0, 0)) -> str:
    """The ``<svg>``: an image named by its ``<title>`` (and described by its ``<desc>``),
    its natural size in its attributes (the CSS only caps it at the page's width), on its
    own background so the palette's contrast holds on any page."""
    x, y = origin
    described = f' aria-describedby="{esc(chart_id)}-desc"' if desc else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram diagram--{kind}" '
        f'viewBox="{num(x)} {num(y)} {num(width)} {num(height)}" width="{num(width)}" '
        f'height="{num(height)}" role="img" aria-labelledby="{esc(chart_id)}-title"{described} '
        f'focusable="false" font-family="{FONT_FAMILY}" font-size="{num(size)}" fill="{INK}">'
    )
    parts = [head, f'<title id="{esc(chart_id)}-title">{esc(title)}</title>']
    if desc:
        parts.append(f'<desc id="{esc(chart_id)}-desc">{esc(desc)}</desc>')
    parts.append(
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}" '
        f'fill="{BACKGROUND}"/>'
    )
    parts.extend(body)
    parts.append("</svg>")
    return "\n".join(parts)


@dataclass
class Label:
    """A label fitted to its room: ``lines`` from ``top``, anchored at ``x``."""

    text: str
    lines: list
    cut: bool
    x: float
    top: float
    size: float
    anchor: str = "start"
    halo: bool = False
    bold: bool = False
    colour: str = ""

    @property
    def width(self) -> float:
        return max(text_width(line, self.size, bold=self.bold) for line in self.lines)

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LEADING

    @property
    def left(self) -> float:
        shift = {"start": 0, "middle": self.width / 2, "end": self.width}[self.anchor]
        return self.x - shift

    @property
    def right(self) -> float:
        return self.left + self.width

    def svg(self) -> str:
        attributes = f'x="{num(self.x)}" y="{num(self.top + self.size * ASCENT)}"'
        if self.anchor != "start":
            attributes += f' text-anchor="{self.anchor}"'
        if self.size != 14:
            attributes += f' font-size="{num(self.size)}"'
        if self.bold:
            attributes += ' font-weight="bold"'
        if self.colour:
            attributes += f' fill="{self.colour}"'
        if self.halo:
            attributes += f' stroke="{HALO}" stroke-width="3" paint-order="stroke"'
        first, *others = self.lines
        spans = "".join(
            f'<tspan x="{num(self.x)}" dy="{num(self.size * LEADING)}">{esc(line)}</tspan>'
            for line in others
        )
        text = f"<text {attributes}>{esc(first)}{spans}</text>"
        # A cut label keeps its whole text: read aloud, and shown on hover.
        return f"<g><title>{esc(self.text)}</title>{text}</g>" if self.cut else text


def label(text, x, top, *, room, size=14, lines=1, anchor="start", halo=False, bold=False,
          colour="") -> Label:  # fmt: skip
    """``text`` fitted to ``room`` (see ``text.fit``), its first line's top at ``top``."""
    fitted, cut = fit(text, room, size, lines=lines, bold=bold)
    return Label(" ".join(str(text).split()), fitted, cut, x, top, size, anchor, halo, bold, colour)
