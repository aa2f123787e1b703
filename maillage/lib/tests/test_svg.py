"""The chart kit: its palette checked by computation (contrast, colour-blind simulation),
labels measured and kept inside the drawing, the SVG well formed and accessible, and one
treatment of an empty chart."""

import datetime
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from maillage.lib import svg
from maillage.lib.svg import flows, networks, palette
from maillage.lib.svg.text import ELLIPSIS, fit, text_width

NS = {"s": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"

# Long French labels with accents, as the strategies, partners and needs are named.
LONG = [
    "Présence dans une école ou un service de garde éducatif à l’enfance",
    "Banque alimentaire ou dépannage alimentaire d’urgence",
    "Complexe d’habitation ou habitation à loyer modique (HLM)",
    "Référence d’un partenaire du réseau local de services",
    "Événement communautaire",
    "Clinique ou CLSC",
]


# The palette ---------------------------------------------------------------------------

# Machado, Oliveira and Fernandes (2009), severity 1, applied to linear sRGB.
DEFICIENCIES = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
    "typical vision": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}


def linear(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def luminance(rgb):
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


def contrast(a, b):
    """WCAG 2 contrast ratio of two colours."""
    high, low = sorted((luminance(linear(a)), luminance(linear(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(rgb):
    """CIELAB (D65) of a linear sRGB colour."""
    x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen_with(deficiency, colour):
    matrix = DEFICIENCIES[deficiency]
    rgb = linear(colour)
    simulated = [sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix]
    return lab([min(1, max(0, channel)) for channel in simulated])


def distance(a, b):
    return sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5


def test_text_colours_keep_4_5_to_1_on_the_background():
    for colour in palette.TEXT_COLOURS:
        assert contrast(colour, palette.BACKGROUND) >= 4.5, colour


@pytest.mark.parametrize("behind", [palette.BACKGROUND, palette.TINT])
def test_graphic_colours_keep_3_to_1_on_what_they_are_drawn_on(behind):
    for colour in palette.GRAPHIC_COLOURS:
        assert contrast(colour, behind) >= 3, (colour, behind)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_series_stay_apart_for_colour_blind_readers(deficiency):
    # ΔE*ab of 15 between any two series, as the reader with this deficiency sees them.
    pairs = itertools.combinations(palette.SERIES, 2)
    closest = min(
        (distance(seen_with(deficiency, a), seen_with(deficiency, b)), a, b) for a, b in pairs
    )
    assert closest[0] >= 15, closest


def test_twenty_series_each_get_their_own_colour_and_dash():
    styles = [palette.series(index) for index in range(20)]
    assert len(set(styles)) == 20
    for a, b in itertools.pairwise(styles):
        assert a[0] != b[0] and a[1] != b[1]


# Text ----------------------------------------------------------------------------------

FONTS = Path("/usr/share/fonts/truetype")


@pytest.mark.parametrize("path", ["dejavu/DejaVuSans.ttf", "liberation/LiberationSans-Regular.ttf"])
def test_the_estimate_is_never_narrower_than_the_fonts_named(path):
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not (FONTS / path).exists():
        pytest.skip(f"{path} is not installed")
    font = ttlib.TTFont(FONTS / path)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    per_em = font["head"].unitsPerEm
    for text in [*LONG, "« Famille » — 12,5 % · 3 h 40 ŒUVRE", "Ça, ÉÀÈÙÂÊÎÔÛËÏÜŸÇ"]:
        real = sum(metrics[cmap[ord(char)]][0] for char in text) * 14 / per_em
        assert real <= text_width(text, 14) + 0.01, text


def test_an_accented_letter_is_as_wide_as_its_letter():
    assert text_width("Événement", 14) == text_width("Evenement", 14)


def test_a_long_label_wraps_then_is_cut_at_its_end_only():
    lines, cut = fit(LONG[0], 150, 14, lines=2)
    assert cut and len(lines) == 2
    assert lines[0].startswith("Présence")  # the first letters stay
    assert lines[1].endswith(ELLIPSIS)
    assert all(text_width(line, 14) <= 150 for line in lines)
    assert fit("Porte-à-porte", 150, 14, lines=2) == (["Porte-à-porte"], False)


# The SVG -------------------------------------------------------------------------------


def parse(drawing):
    assert not drawing.empty
    root = ET.fromstring(str(drawing))  # noqa: S314 - the kit's own markup
    assert root.tag == f"{SVG}svg"
    return root


def check_accessible(root, chart_id):
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title"
    title = root.find("s:title", NS)
    assert title is not None and title.get("id") == f"{chart_id}-title" and title.text
    if root.get("aria-describedby"):
        assert root.find("s:desc", NS).get("id") == root.get("aria-describedby")


def check_palette(root):
    allowed = {*palette.GRAPHIC_COLOURS, *palette.TEXT_COLOURS, palette.BACKGROUND, palette.TINT}
    for element in root.iter():
        assert "style" not in element.attrib  # the Content-Security-Policy forbids it
        for attribute in ("fill", "stroke"):
            value = element.get(attribute)
            assert value in (None, "none", *allowed), (element.tag, attribute, value)


def check_labels_inside(root):
    """Every line of text, measured, lies inside the viewBox."""
    left, top, width, height = (float(v) for v in root.get("viewBox").split())
    size = float(root.get("font-size"))
    checked = 0
    for text in root.iter(f"{SVG}text"):
        text_size = float(text.get("font-size", size))
        bold = text.get("font-weight") == "bold"
        anchor = text.get("text-anchor", "start")
        x, y = float(text.get("x")), float(text.get("y"))
        lines = [(x, y, text.text or "")]
        for span in text.findall("s:tspan", NS):
            y += float(span.get("dy"))
            lines.append((float(span.get("x")), y, span.text or ""))
        for line_x, baseline, content in lines:
            measured = text_width(content, text_size, bold=bold)
            start = line_x - {"start": 0, "middle": measured / 2, "end": measured}[anchor]
            assert left <= start and start + measured <= left + width, (content, start, measured)
            assert (
                top <= baseline - text_size * 0.76 and baseline + text_size * 0.24 <= top + height
            )
            checked += 1
    return checked


def test_bars_keep_long_french_labels_whole_or_cut_at_the_end_with_their_title():
    bars = [svg.Bar(text, index + 1, f"{index + 1},00") for index, text in enumerate(LONG)]
    bars[1] = svg.Bar(LONG[1], None, "x")  # suppressed: no bar, its text only

    drawing = svg.bar_chart(
        bars,
        title="Nouvelles familles",
        desc="Voir le tableau.",
        chart_id="q3",
        empty="Rien",
        width=240,
    )

    root = parse(drawing)
    check_accessible(root, "q3")
    check_palette(root)
    assert check_labels_inside(root) >= 2 * len(LONG)
    texts = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    assert texts[0].startswith("Présence dans une école")
    # A cut label carries its whole text.
    titles = [title.text for title in root.iter(f"{SVG}title")]
    assert LONG[0] in titles
    assert len(root.findall("s:rect", NS)) == 1 + len(LONG) - 1  # background, bars but "x"
    assert "x" in texts


def test_labels_and_values_are_escaped():
    drawing = svg.bar_chart(
        [svg.Bar('<script>alert("x")</script> & co', 2, "< 5")],
        title="a < b",
        chart_id="c",
        empty="",
    )
    root = parse(drawing)
    assert root.find("s:script", NS) is None
    assert "<script>" not in str(drawing) and "&lt; 5" in str(drawing)


@pytest.mark.parametrize(
    "make",
    [
        lambda: svg.bar_chart(
            [svg.Bar("A", 0, "0"), svg.Bar("B", None, "x")],
            title="T",
            chart_id="c",
            empty="Rien à tracer.",
        ),
        lambda: svg.trend_chart(
            [datetime.date(2026, 1, 1)],
            [0],
            [("Ana", [0])],
            month_label=str,
            title="T",
            chart_id="c",
            empty="Rien à tracer.",
        ),
        lambda: svg.network(
            {}, {}, centre="Maison", title="T", chart_id="c", empty="Rien à tracer."
        ),
        lambda: svg.flow([[], [], []], {}, title="T", chart_id="c", empty="Rien à tracer."),
    ],
    ids=["bars", "trends", "network", "flow"],
)
def test_an_empty_chart_is_one_sentence_and_no_drawing(make):
    drawing = make()
    assert drawing.empty
    assert str(drawing) == '<p class="chart-empty">Rien à tracer.</p>'


def test_trends_draw_a_line_per_series_with_the_months_inside():
    months = [datetime.date(2025, 7, 1) + datetime.timedelta(days=31 * i) for i in range(14)]
    months = [month.replace(day=1) for month in months]
    workers = [(f"Intervenante {i}", [i + m % 3 for m in range(14)]) for i in range(6)]

    names = ["janv.", "févr.", "mars", "avr.", "mai", "juin"]
    names += ["juill.", "août", "sept.", "oct.", "nov.", "déc."]

    drawing = svg.trend_chart(
        months,
        [10.5] * 14,
        workers,
        month_label=lambda month: names[month.month - 1],
        number=lambda value: f"{value:g}".replace(".", ","),
        title="Heures",
        chart_id="chart-hours",
        empty="",
        total_label="Total de l’équipe",
    )

    root = parse(drawing)
    check_accessible(root, "chart-hours")
    check_palette(root)
    check_labels_inside(root)
    assert len(root.findall("s:polyline", NS)) == 6
    assert [key.label for key in drawing.legend] == [
        "Total de l’équipe",
        *(name for name, _values in workers),
    ]
    texts = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    assert "2025" in texts and "2026" in texts and "juill." in texts


def test_the_network_grows_to_hold_long_labels_on_every_side():
    partners = {index: (name, index % 3) for index, name in enumerate(LONG * 2)}
    centre = "Maison des familles de la Haute-Côte-Nord"
    connections = {(0, 1): 2, (2, 5): 1}

    drawing = svg.network(
        partners, connections, centre=centre, title="Réseau", chart_id="net", empty=""
    )

    root = parse(drawing)
    check_accessible(root, "net")
    check_palette(root)
    assert check_labels_inside(root) >= len(partners) + 1
    assert len(root.findall("s:line[@class='connection']", NS)) == 2


def test_the_network_layout_does_not_depend_on_the_order_of_rows():
    partners = {("partner", 2): ("B", 3), ("partner", 1): ("A", 1), ("typed", "c"): ("C", 0)}
    first = networks.layout(partners, {}, centre="Maison")
    second = networks.layout(dict(reversed(partners.items())), {}, centre="Maison")
    assert [(n.label, n.x, n.y) for n in first.nodes] == [(n.label, n.x, n.y) for n in second.nodes]


def test_the_flow_measures_its_columns_and_never_cuts_a_count():
    columns = [
        [("food", LONG[1]), ("school", LONG[0])],
        [("p", "Banque alimentaire régionale de la Haute-Côte-Nord"), ("q", "CLSC")],
        [("received", "Service reçu"), ("open", "Encore ouverte, en attente d’une réponse")],
    ]
    links = {
        (0, "food", "p"): 4,
        (0, "school", "q"): 1,
        (1, "p", "received"): 3,
        (1, "p", "open"): 1,
        (1, "q", "open"): 1,
    }

    drawing = svg.flow(columns, links, title="Flux", chart_id="flow", empty="")

    root = parse(drawing)
    check_accessible(root, "flow")
    check_palette(root)
    assert check_labels_inside(root) == 6
    texts = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    assert sorted(text[-3:] for text in texts) == ["(1)", "(1)", "(2)", "(3)", "(4)", "(4)"]
    received, still_open = drawing.layout.columns[2]
    assert received.height == pytest.approx(3 * still_open.height / 2, abs=0.1)


def test_sankey_heights_are_proportional_to_counts():
    drawn = flows.layout(
        [[("food", "Food")], [("p", "Pantry")], [("received", "Received"), ("open", "Open")]],
        {(0, "food", "p"): 4, (1, "p", "received"): 3, (1, "p", "open"): 1},
        gap=0,
    )
    received, still_open = drawn.columns[2]
    assert received.height == 3 * still_open.height
    assert [band.value for band in drawn.bands] == [4, 3, 1]
