"""The report's bar charts, drawn by ``maillage.lib.svg``: the same drawing in the web
preview and in the PDF (WeasyPrint draws SVG itself). Each label sits on its own line above
its bar, so the chart stays legible on a 360 px phone. The numbers are in the table under
each chart; the chart only makes them visible."""

from __future__ import annotations

from django.utils.translation import gettext as _

from maillage.lib import svg


def bar_chart(key, title, labels, values, texts) -> svg.Drawing:
    """One bar per label, scaled to the largest value; ``texts`` are the values as they
    should read (localized, with a unit)."""
    return svg.bar_chart(
        [
            svg.Bar(str(label), float(value or 0), text)
            for label, value, text in zip(labels, values, texts, strict=True)
        ],
        title=_("%(title)s. The numbers are in the table below.") % {"title": title},
        chart_id=f"chart-{key}",
        empty=_("Nothing to draw: no value above zero is shown. The table holds the numbers."),
    )
