"""*The bridge, visible*: the partner network and the referral flow, drawn by
``maillage.lib.svg`` (labels never clipped, the checked palette, the empty case). The
tables under each drawing hold the same numbers."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.lib import svg


def partner_network(partners, connections, *, organization) -> svg.Drawing:
    """``partners``: ``{key: (label, referral count)}``; ``connections``: ``{(key_a, key_b):
    count}``; the organization is at the centre."""
    count = len(partners)
    return svg.network(
        partners,
        connections,
        centre=organization,
        title=ngettext(
            "Network of the organization and %(partners)s partner; the numbers are in the "
            "tables below.",
            "Network of the organization and %(partners)s partners; the numbers are in the "
            "tables below.",
            count,
        )
        % {"partners": count},
        chart_id="network-chart",
        empty=_("No referral or connection between partners yet: the network will appear here."),
    )


def referral_flow(columns, links) -> svg.Drawing:
    """``columns``: needs, partners, outcomes as ``[(key, label)]``; ``links``:
    ``{(column, key_left, key_right): count}``."""
    total = sum(count for (column, _left, _right), count in links.items() if column == 0)
    return svg.flow(
        columns,
        links,
        title=ngettext(
            "Flow of %(referrals)s referral from needs to partners to outcomes; the numbers "
            "are in the tables below.",
            "Flow of %(referrals)s referrals from needs to partners to outcomes; the numbers "
            "are in the tables below.",
            total,
        )
        % {"referrals": total},
        chart_id="flow-chart",
        empty=_("No referral yet: the flow will appear here."),
    )
