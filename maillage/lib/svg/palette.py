"""The colours of every chart, checked by ``maillage/lib/tests/test_svg.py``: each graphic
colour keeps 3:1 against the background and the tint (WCAG 1.4.11), each text colour 4.5:1,
and the series stay apart under simulated protanopia, deuteranopia and tritanopia.

The series follow Okabe and Ito's colour-blind-safe set: its blue, vermilion, bluish green
and reddish purple, darkened where needed to reach 3:1 on white, and the ink. Their yellow,
orange and sky blue are too light for 3:1 and are left out; beyond five series the lines
differ by their dashes too, so no reader depends on colour alone.
"""

from __future__ import annotations

BACKGROUND = "#FFFFFF"  # every drawing paints it first, on the page and in the PDF
INK = "#1B1F23"  # text, as the site's --ink
MUTED = "#4F5660"  # secondary text (ticks, years), as the site's --muted
HALO = BACKGROUND  # the outline that keeps a label legible over a line
AXIS = "#5F6870"  # axes, grid lines, outlines
TINT = "#EEF2F5"  # the team's bars behind the workers' lines, outlined with AXIS
SERIES = ("#005B8E", "#D55E00", "#008E68", "#C86D9F", INK)
DASHES = ("", "7 4", "2 4", "10 4 2 4")

TEXT_COLOURS = (INK, MUTED)
GRAPHIC_COLOURS = (*SERIES, AXIS)


def series(index: int) -> tuple[str, str]:
    """The colour and dash of the ``index``-th series: 5 colours and 4 dashes make 20 pairs,
    and two neighbours always differ in both."""
    return SERIES[index % len(SERIES)], DASHES[index % len(DASHES)]
