"""The team's trends by month, drawn by ``maillage.lib.svg``: the team's total as bars, one
line per worker (or, on a worker's page, one line per kind of work). The table under each
chart holds the same numbers."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.lib import svg


def _month(month) -> str:
    return date_format(month, "M")


def _number(value) -> str:
    return str(floatformat(value, -1))


def team_trend(key, what, months, team, workers) -> svg.Drawing:
    """``what``: the figure's name; ``team``: its values by month; ``workers``:
    ``[(name, values by month)]``."""
    return svg.trend_chart(
        months,
        team,
        workers,
        month_label=_month,
        number=_number,
        title=_(
            "%(what)s by month: the team's total as bars, one line per worker; the numbers "
            "are in the table below."
        )
        % {"what": what},
        chart_id=f"chart-{key}",
        empty=_("Nothing to draw: no value above zero is shown. The table holds the numbers."),
        total_label=_("Team total (bars)"),
    )


def worker_trend(key, name, months, lines) -> svg.Drawing:
    """``lines``: ``[(kind of work, hours by month)]`` of the worker named ``name``."""
    return svg.trend_chart(
        months,
        [],
        lines,
        month_label=_month,
        number=_number,
        title=_(
            "Hours of %(name)s by month, one line per kind of work; the numbers are in the "
            "table below."
        )
        % {"name": name},
        chart_id=f"chart-{key}",
        empty=_("Nothing to draw: no value above zero is shown. The table holds the numbers."),
    )
