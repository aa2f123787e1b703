"""The network of one organization: its partners on a circle around it, a line from the
centre to each partner it referred families to (thicker, more referrals) and a dashed line
between two partners its team connected. The drawing grows to hold every label whole."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .drawing import Drawing, Label, label, nothing_to_draw, num, root
from .palette import BACKGROUND, SERIES

PADDING = 6


@dataclass
class Node:
    key: object
    label: str
    referrals: int
    x: float
    y: float
    radius: float
    name: Label


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int
    width: float
    kind: str  # "referral" (organization → partner) or "connection" (partner ↔ partner)


@dataclass
class Network:
    width: float = 0.0
    height: float = 0.0
    centre_x: float = 0.0
    centre_y: float = 0.0
    centre_radius: float = 22.0
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    labels: list = field(default_factory=list)  # every Label, the centre's first


def _thickness(value, maximum):
    return round(1.5 + 6 * value / maximum, 1)


def layout(partners, connections, *, centre, ring=170, size=14, room=160) -> Network:
    """``partners``: ``{key: (label, referral count)}``; ``connections``: ``{(key_a, key_b):
    count}``. Partners go round the circle in the order of their labels (then keys), so the
    drawing does not move when rows come in another order."""
    ordered = sorted(partners.items(), key=lambda item: (item[1][0].casefold(), str(item[0])))
    most_referrals = max((n for _label, n in partners.values()), default=0) or 1
    most_connections = max(connections.values(), default=0) or 1
    drawn = Network()
    top = drawn.centre_radius + 4
    drawn.labels.append(
        label(centre, 0, top, room=240, size=size, lines=2, anchor="middle", halo=True, bold=True)
    )
    placed = {}
    for index, (key, (name, referrals)) in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * index / len(ordered)
        cos, sin = math.cos(angle), math.sin(angle)
        radius = round(6 + 8 * referrals / most_referrals, 1)
        x, y = round(ring * cos, 1), round(ring * sin, 1)
        reach = ring + radius + 8
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        text = label(name, reach * cos, 0, room=room, size=size, lines=2, anchor=anchor, halo=True)
        if anchor == "middle":  # above the top partners, under the bottom ones
            text.top = y + radius + 4 if sin > 0 else y - radius - 4 - text.height
        else:
            text.top = reach * sin - text.height / 2
        node = Node(key, name, referrals, x, y, radius, text)
        placed[key] = node
        drawn.nodes.append(node)
        drawn.labels.append(text)
        if referrals:
            drawn.edges.append(
                Edge(0, 0, x, y, referrals, _thickness(referrals, most_referrals), "referral")
            )
    for (key_a, key_b), weight in sorted(connections.items(), key=lambda item: str(item[0])):
        a, b = placed.get(key_a), placed.get(key_b)
        if a is not None and b is not None:
            width = _thickness(weight, most_connections)
            drawn.edges.append(Edge(a.x, a.y, b.x, b.y, weight, width, "connection"))
    _frame(drawn)
    return drawn


def _frame(drawn: Network) -> None:
    """Move everything so the drawing starts at (0, 0) and holds every circle and label."""
    boxes = [(-drawn.centre_radius, -drawn.centre_radius, drawn.centre_radius, drawn.centre_radius)]
    boxes += [(n.x - n.radius, n.y - n.radius, n.x + n.radius, n.y + n.radius) for n in drawn.nodes]
    boxes += [(t.left, t.top, t.right, t.top + t.height) for t in drawn.labels]
    dx = PADDING - min(box[0] for box in boxes)
    dy = PADDING - min(box[1] for box in boxes)
    drawn.width = round(max(box[2] for box in boxes) + dx + PADDING, 1)
    drawn.height = round(max(box[3] for box in boxes) + dy + PADDING, 1)
    drawn.centre_x, drawn.centre_y = round(dx, 1), round(dy, 1)
    for node in drawn.nodes:
        node.x, node.y = round(node.x + dx, 1), round(node.y + dy, 1)
    for text in drawn.labels:
        text.x, text.top = text.x + dx, text.top + dy
    for edge in drawn.edges:
        edge.x1, edge.x2 = round(edge.x1 + dx, 1), round(edge.x2 + dx, 1)
        edge.y1, edge.y2 = round(edge.y1 + dy, 1), round(edge.y2 + dy, 1)


def network(partners, connections, *, centre, title, chart_id, empty, desc="", size=14) -> Drawing:
    """The drawing of ``layout`` (same arguments); with no partner, ``empty`` instead."""
    drawn = layout(partners, connections, centre=centre, size=size)
    if not drawn.nodes:
        return nothing_to_draw(empty, layout=drawn)
    body = []
    for edge in drawn.edges:
        ends = f'x1="{num(edge.x1)}" y1="{num(edge.y1)}" x2="{num(edge.x2)}" y2="{num(edge.y2)}"'
        if edge.kind == "referral":
            body.append(
                f'<line {ends} stroke="{SERIES[0]}" stroke-width="{num(edge.width)}" '
                'stroke-linecap="round"/>'
            )
        else:
            body.append(
                f'<line {ends} stroke="{SERIES[1]}" stroke-width="{num(edge.width)}" '
                'stroke-dasharray="12 6" class="connection"/>'
            )
    body.append(
        f'<circle cx="{num(drawn.centre_x)}" cy="{num(drawn.centre_y)}" '
        f'r="{num(drawn.centre_radius)}" fill="{SERIES[0]}"/>'
    )
    body.extend(
        f'<circle cx="{num(n.x)}" cy="{num(n.y)}" r="{num(n.radius)}" fill="{BACKGROUND}" '
        f'stroke="{SERIES[0]}" stroke-width="2"/>'
        for n in drawn.nodes
    )
    body.extend(text.svg() for text in drawn.labels)
    markup = root(drawn.width, drawn.height, body, chart_id=chart_id, title=title, desc=desc,
                  kind="network", size=size)  # fmt: skip
    return Drawing(markup, layout=drawn)
