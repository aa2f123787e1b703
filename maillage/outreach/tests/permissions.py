"""Outreach URLs in the permission matrix, gathered by core/tests/test_permission_matrix.py."""

from maillage.outreach import services
from maillage.outreach.models import Strategy
from maillage.testing.matrix import Entry, org_object, org_page

MATRIX = {
    "outreach:list": Entry(org_page(pg=200, ptp=200)),
    # Posted empty: the form comes back with its errors (200), nothing is saved.
    "outreach:quick_log": Entry(org_page(pg=200, ptp=200), method="post"),
    "outreach:new": Entry(org_page(pg=200, ptp=200)),
    "outreach:detail": Entry(org_object(pg=200, ptp=200), kwargs="outreach_activity"),
    "outreach:edit": Entry(org_object(pg=200, ptp=200), kwargs="outreach_activity"),
    "outreach:strategies": Entry(org_page(pg=200)),
    "outreach:strategy_toggle": Entry(
        org_object(pg=302), method="post", kwargs="outreach_strategy", data={"in_use": "0"}
    ),
}


def _activity(org, ptp, pg):
    strategy = Strategy.objects.for_org(org).first()
    activity = services.record_outreach(ptp, org, {"strategy": strategy, "people_met": 3})
    return {"uuid": activity.uuid}


TARGETS = {
    "outreach_activity": _activity,
    "outreach_strategy": lambda org, ptp, pg: {"uuid": Strategy.objects.for_org(org).first().uuid},
}
