"""Charts drawn on the server as inline SVG, the same on a page and in a PDF (WeasyPrint).

One kit for every chart of Maillage: ``bar_chart`` (horizontal bars with their values),
``trend_chart`` (values by month), ``network`` (an organization and its partners) and
``flow`` (referrals from needs to partners to outcomes). Django-free and deterministic:
callers pass every text already translated and formatted.

- Each returns a ``Drawing``, which a template prints as is (``{{ chart }}``): an ``<svg>``
  with ``role="img"``, a ``<title>`` (and a ``<desc>``) named by ``aria-labelledby``, its
  natural size, its own white background, presentation attributes only (no ``style``, no
  script: the strict Content-Security-Policy holds), every text escaped.
- Labels are measured (``text.py``) and the drawing is sized to hold them: a label is never
  clipped; one too long is wrapped or cut at its end with "…", its whole text in a
  ``<title>``.
- A chart with nothing above zero draws nothing: ``Drawing.empty`` is set and the markup is
  one sentence (``<p class="chart-empty">``) given by the caller. The table beside every
  chart keeps the numbers.
- The colours are ``palette.py``'s, checked for contrast and colour blindness by the tests.
"""

from .bars import Bar, bar_chart
from .drawing import Drawing, Key
from .flows import flow
from .networks import network
from .trends import nice_ceiling, trend_chart

__all__ = ["Bar", "Drawing", "Key", "bar_chart", "flow", "network", "nice_ceiling", "trend_chart"]
