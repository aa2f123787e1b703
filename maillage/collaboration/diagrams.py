"""Geometry of "the bridge, visible": a circular network and a Sankey-style flow.

Django-free and deterministic (same input, same drawing): the templates draw the
shapes as inline SVG with presentation attributes only (no ``style``, no script),
so the pages keep the strict Content-Security-Policy and need no external service.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PALETTE = (
    "#1b6e8c",
    "#b5532a",
    "#4f7a28",
    "#7a4a9c",
    "#a8326e",
    "#2f6f5e",
    "#8c6d1b",
    "#3a5aa8",
)
LABEL_CHARS = 26


def short(label: str, limit: int = LABEL_CHARS) -> str:
    """A label that fits the drawing; the full one is in the table under it."""
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# The network ---------------------------------------------------------------------------


@dataclass
class NetworkNode:
    key: object
    label: str
    referrals: int
    x: float = 0.0
    y: float = 0.0
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"
    radius: float = 8.0

    @property
    def short_label(self):
        return short(self.label)


@dataclass
class NetworkEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int
    width: float
    kind: str  # "referral" (organization → partner) or "connection" (partner ↔ partner)


@dataclass
class Network:
    width: int
    height: int
    centre_x: float
    centre_y: float
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)

    @property
    def centre_label_y(self):
        return self.centre_y + 40


def circular_network(partners, connections, *, width=640, height=520) -> Network:
    """Lay out the organization at the centre and its partners on a circle.

    ``partners``: ``{key: (label, referral count)}``; ``connections``: ``{(key_a, key_b):
    count}``. Partners are placed in the order of their labels (then keys), so the drawing
    does not move when unrelated rows are added in another order.
    """
    cx, cy = width / 2, height / 2
    ring = min(width, height) / 2 - 90
    ordered = sorted(partners.items(), key=lambda item: (item[1][0].casefold(), str(item[0])))
    network = Network(width=width, height=height, centre_x=cx, centre_y=cy)
    count = len(ordered)
    max_referrals = max((n for _label, n in partners.values()), default=0) or 1
    max_connections = max(connections.values(), default=0) or 1
    placed = {}
    for index, (key, (label, referrals)) in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        cos, sin = math.cos(angle), math.sin(angle)
        node = NetworkNode(key=key, label=label, referrals=referrals)
        node.x, node.y = round(cx + ring * cos, 1), round(cy + ring * sin, 1)
        node.radius = round(6 + 8 * referrals / max_referrals, 1)
        node.label_x = round(cx + (ring + node.radius + 8) * cos, 1)
        node.label_y = round(cy + (ring + node.radius + 8) * sin + 4, 1)
        node.anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        if node.anchor == "middle":
            node.label_y = round(node.label_y + (10 if sin > 0 else -4), 1)
        placed[key] = node
        network.nodes.append(node)
        if referrals:
            network.edges.append(
                NetworkEdge(
                    cx, cy, node.x, node.y, referrals, _width(referrals, max_referrals), "referral"
                )
            )
    for (key_a, key_b), weight in sorted(connections.items(), key=lambda item: str(item[0])):
        a, b = placed.get(key_a), placed.get(key_b)
        if a is None or b is None:
            continue
        network.edges.append(
            NetworkEdge(a.x, a.y, b.x, b.y, weight, _width(weight, max_connections), "connection")
        )
    return network


def _width(value, maximum):
    return round(1.5 + 8 * value / maximum, 1)


# The flow ------------------------------------------------------------------------------


@dataclass
class FlowNode:
    key: object
    label: str
    value: int
    column: int
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0
    colour: str = PALETTE[0]

    @property
    def short_label(self):
        return short(self.label, 20)

    node_width: float = 14.0

    @property
    def label_y(self):
        return round(self.y + self.height / 2 + 4, 1)

    @property
    def label_x(self):
        # The first column is labelled on its left, the others on their right.
        return round(self.x - 6 if self.column == 0 else self.x + self.node_width + 6, 1)

    @property
    def anchor(self):
        return "end" if self.column == 0 else "start"


@dataclass
class FlowBand:
    path: str
    colour: str
    value: int


@dataclass
class Flow:
    width: int
    height: int
    node_width: int
    columns: list  # three lists of FlowNode
    bands: list
    total: int


def sankey(columns, links, *, width=720, height=420, node_width=14, gap=10) -> Flow:
    """A three-column Sankey: ``columns`` is a list of ``[(key, label)]`` in display order;
    ``links`` maps ``(column, key_left, key_right)`` to a count, ``column`` being the
    index of the left column (0 or 1). Node heights and band widths are proportional to
    counts, on one scale for the whole drawing."""
    values = [dict.fromkeys((key for key, _label in column), 0) for column in columns]
    incoming = [dict.fromkeys((key for key, _label in column), 0) for column in columns]
    for (column, left, right), count in links.items():
        values[column][left] += count
        incoming[column + 1][right] += count
    for index in range(1, len(columns)):
        for key in values[index]:
            values[index][key] = max(values[index][key], incoming[index][key])
    total = max((sum(column.values()) for column in values), default=0)
    top, bottom = 10, 10
    tallest = max((len(column) for column in columns), default=1)
    usable = height - top - bottom - gap * max(tallest - 1, 0)
    scale = usable / total if total else 0
    label_room = 175
    xs = [label_room, (width - node_width) / 2, width - label_room - node_width]
    flow_columns = []
    placed = {}
    for index, column in enumerate(columns):
        y = top
        nodes = []
        for position, (key, label) in enumerate(column):
            value = values[index][key]
            node = FlowNode(key=key, label=label, value=value, column=index, node_width=node_width)
            node.x, node.y = round(xs[index], 1), round(y, 1)
            node.height = round(max(value * scale, 1), 1)
            node.colour = PALETTE[position % len(PALETTE)]
            y += node.height + gap
            nodes.append(node)
            placed[index, key] = node
        flow_columns.append(nodes)
    out_offset = dict.fromkeys(placed, 0.0)
    in_offset = dict.fromkeys(placed, 0.0)
    bands = []
    # Bands leave each node in the order of the right-hand nodes, so they do not cross
    # more than they must.
    order = {
        (index, key): pos
        for index, column in enumerate(columns)
        for pos, (key, _l) in enumerate(column)
    }
    for (column, left, right), count in sorted(
        links.items(),
        key=lambda item: (
            item[0][0],
            order[item[0][0], item[0][1]],
            order[item[0][0] + 1, item[0][2]],
        ),
    ):
        if not count:
            continue
        source, target = placed[column, left], placed[column + 1, right]
        thickness = count * scale
        y0 = source.y + out_offset[column, left]
        y1 = target.y + in_offset[column + 1, right]
        out_offset[column, left] += thickness
        in_offset[column + 1, right] += thickness
        x0, x1 = source.x + node_width, target.x
        middle = (x0 + x1) / 2
        path = (
            f"M{x0:.1f},{y0:.1f} C{middle:.1f},{y0:.1f} {middle:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
            f"L{x1:.1f},{y1 + thickness:.1f} "
            f"C{middle:.1f},{y1 + thickness:.1f} {middle:.1f},{y0 + thickness:.1f} "
            f"{x0:.1f},{y0 + thickness:.1f} Z"
        )
        bands.append(FlowBand(path=path, colour=source.colour, value=count))
    return Flow(
        width=width,
        height=height,
        node_width=node_width,
        columns=flow_columns,
        bands=bands,
        total=total,
    )
