"""A three-column flow (Sankey): referrals from needs to partners to outcomes. Node heights
and band widths are proportional to counts, on one scale; the columns are placed after
measuring their labels, and nodes are spaced so two labels never overlap."""

from __future__ import annotations

from dataclasses import dataclass, field

from .drawing import LEADING, Drawing, Label, esc, nothing_to_draw, num, root
from .palette import SERIES
from .text import fit, text_width

PADDING = 4


@dataclass
class FlowNode:
    key: object
    label: str
    value: int
    column: int
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0
    colour: str = SERIES[0]
    name: Label | None = None


@dataclass
class Band:
    path: str
    colour: str
    value: int


@dataclass
class Flow:
    width: float
    height: float
    node_width: float
    total: int
    columns: list = field(default_factory=list)  # three lists of FlowNode
    bands: list = field(default_factory=list)

    @property
    def labels(self):
        return [node.name for column in self.columns for node in column if node.name]


def _name(node, size, room) -> Label:
    """ "Label (count)": the count is never cut, the label is, at its end."""
    suffix = f" ({node.value})"
    lines, cut = fit(node.label, room - text_width(suffix, size), size)
    return Label(node.label + suffix, [lines[0] + suffix], cut, 0, 0, size, halo=True)


def layout(columns, links, *, width=720, height=420, node_width=14, gap=10, size=13,
           room=190) -> Flow:  # fmt: skip
    """``columns``: three lists of ``(key, label)`` in display order; ``links`` maps
    ``(column, key_left, key_right)`` to a count, ``column`` being the left one (0 or 1)."""
    values = [dict.fromkeys((key for key, _label in column), 0) for column in columns]
    incoming = [dict.fromkeys((key for key, _label in column), 0) for column in columns]
    for (column, left, right), count in links.items():
        values[column][left] += count
        incoming[column + 1][right] += count
    for index in range(1, len(columns)):
        for key in values[index]:
            values[index][key] = max(values[index][key], incoming[index][key])
    total = max((sum(column.values()) for column in values), default=0)
    tallest = max((len(column) for column in columns), default=1)
    usable = height - 2 * PADDING - gap * max(tallest - 1, 0)
    scale = usable / total if total else 0
    drawn = Flow(width, height, node_width, total)
    for index, column in enumerate(columns):
        nodes = []
        for position, (key, name) in enumerate(column):
            value = values[index][key]
            node = FlowNode(key, str(name), value, index, colour=SERIES[position % len(SERIES)])
            node.height = round(max(value * scale, 1), 1)
            if value:
                node.name = _name(node, size, room)
            nodes.append(node)
        drawn.columns.append(nodes)
    # The outer columns get the room their labels take; the middle one is centred.
    first = max((n.name.width for n in drawn.columns[0] if n.name), default=0) + 6 + PADDING
    last = max((n.name.width for n in drawn.columns[-1] if n.name), default=0) + 6 + PADDING
    xs = [first, (first + width - last - node_width) / 2, width - last - node_width]
    line = size * LEADING
    bottom = 0.0
    for index, nodes in enumerate(drawn.columns):
        y = PADDING
        for node in nodes:
            node.x, node.y = round(xs[index], 1), round(y, 1)
            if node.name:
                node.name.x = node.x - 6 if index == 0 else node.x + node_width + 6
                node.name.anchor = "end" if index == 0 else "start"
                node.name.top = node.y + node.height / 2 - line / 2
                y += max(node.height, line) + gap
            else:
                y += node.height + gap
        bottom = max(bottom, y - gap)
    if len(drawn.columns) > 1:
        # The middle labels end before the last column.
        middle_room = xs[-1] - (xs[1] + node_width + 6) - PADDING
        for node in drawn.columns[1]:
            if node.name and node.name.width > middle_room:
                name = node.name = _name(node, size, middle_room)
                name.x, name.top = node.x + node_width + 6, node.y + node.height / 2 - line / 2
    drawn.height = round(max(bottom + PADDING, height), 1)
    drawn.bands = _bands(drawn, columns, links, scale)
    return drawn


def _bands(drawn, columns, links, scale) -> list:
    placed = {(node.column, node.key): node for nodes in drawn.columns for node in nodes}
    out_offset = dict.fromkeys(placed, 0.0)
    in_offset = dict.fromkeys(placed, 0.0)
    # Bands leave each node in the order of the right-hand nodes, so they cross no more
    # than they must.
    order = {(i, key): pos for i, col in enumerate(columns) for pos, (key, _l) in enumerate(col)}

    def rank(item):
        (column, left, right), _count = item
        return column, order[column, left], order[column + 1, right]

    bands = []
    for (column, left, right), count in sorted(links.items(), key=rank):
        if not count:
            continue
        source, target = placed[column, left], placed[column + 1, right]
        thickness = count * scale
        y0 = source.y + out_offset[column, left]
        y1 = target.y + in_offset[column + 1, right]
        out_offset[column, left] += thickness
        in_offset[column + 1, right] += thickness
        x0, x1 = source.x + drawn.node_width, target.x
        middle = (x0 + x1) / 2
        path = (
            f"M{x0:.1f},{y0:.1f} C{middle:.1f},{y0:.1f} {middle:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
            f"L{x1:.1f},{y1 + thickness:.1f} "
            f"C{middle:.1f},{y1 + thickness:.1f} {middle:.1f},{y0 + thickness:.1f} "
            f"{x0:.1f},{y0 + thickness:.1f} Z"
        )
        bands.append(Band(path, source.colour, count))
    return bands


def flow(columns, links, *, title, chart_id, empty, desc="", size=13, **sizes) -> Drawing:
    """The drawing of ``layout`` (same arguments); with no count, ``empty`` instead."""
    drawn = layout(columns, links, size=size, **sizes)
    if not drawn.total:
        return nothing_to_draw(empty, layout=drawn)
    # A band is a light wash of its source's colour, outlined in that colour (3:1).
    body = [
        f'<path d="{esc(band.path)}" fill="{band.colour}" fill-opacity="0.3" '
        f'stroke="{band.colour}" stroke-width="1"/>'
        for band in drawn.bands
    ]
    for node in (node for column in drawn.columns for node in column if node.value):
        body.append(
            f'<rect x="{num(node.x)}" y="{num(node.y)}" width="{num(drawn.node_width)}" '
            f'height="{num(node.height)}" fill="{node.colour}"/>'
        )
    body.extend(name.svg() for name in drawn.labels)
    markup = root(drawn.width, drawn.height, body, chart_id=chart_id, title=title, desc=desc,
                  kind="flow", size=size)  # fmt: skip
    return Drawing(markup, layout=drawn)
