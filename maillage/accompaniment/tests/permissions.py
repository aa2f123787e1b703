"""The accompaniment URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

Outreach workers and managers of the organization may log contacts and work on the plan;
the évaluateur, the administrator and a manager of another organization get 404.
"""

from maillage.testing.matrix import Entry, org_object

from .builders import make_contact, make_family, make_priority, make_step

MATRIX = {
    "accompaniment:contact_new": Entry(org_object(pg=200, ptp=200), kwargs="accompaniment_family"),
    "accompaniment:contact_edit": Entry(
        org_object(pg=200, ptp=200), kwargs="accompaniment_contact"
    ),
    "accompaniment:priority_new": Entry(
        org_object(pg=302, ptp=302),
        method="post",
        kwargs="accompaniment_family",
        data={"title": "Trouver une halte-garderie", "defined_by_family": "on"},
    ),
    "accompaniment:step_new": Entry(
        org_object(pg=302, ptp=302),
        method="post",
        kwargs="accompaniment_priority",
        data={"description": "Visiter la halte-garderie"},
    ),
    "accompaniment:step_status": Entry(
        org_object(pg=302, ptp=302),
        method="post",
        kwargs="accompaniment_step",
        data={"status": "done"},
    ),
}


def _priority(org, ptp):
    return make_priority(make_family(org, ptp))


TARGETS = {
    "accompaniment_family": lambda org, ptp, pg: {"uuid": make_family(org, ptp).uuid},
    "accompaniment_priority": lambda org, ptp, pg: {"uuid": _priority(org, ptp).uuid},
    "accompaniment_step": lambda org, ptp, pg: {"uuid": make_step(_priority(org, ptp)).uuid},
    "accompaniment_contact": lambda org, ptp, pg: {
        "uuid": make_contact(make_family(org, ptp), ptp).uuid
    },
}
