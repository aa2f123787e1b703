"""The evaluation URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

A PG evaluates their own organization (a PG of another organization gets the same pages,
with her own numbers); a PTP reads the target clientele but gets 403 on the questions.
The évaluateur's pages have no object in them: only the évaluateur gets them, everyone
else 403.
"""

from maillage.testing.matrix import LOGIN, Entry, org_object, org_page

ACROSS = {
    "anonymous": LOGIN,
    "ptp": 403,
    "pg": 403,
    "evaluator": 200,
    "admin": 403,
    "outsider": 403,
}

MATRIX = {
    "evaluation:index": Entry(org_page(pg=200)),
    "evaluation:question": Entry(org_page(pg=200), kwargs="evaluation_question"),
    "evaluation:across_index": Entry(ACROSS),
    "evaluation:across_question": Entry(ACROSS, kwargs="evaluation_question"),
    "evaluation:targets": Entry(org_page(pg=200, ptp=200)),
    "evaluation:target_new": Entry(org_page(pg=200)),
    "evaluation:target_detail": Entry(org_object(pg=200, ptp=200), kwargs="evaluation_target"),
    "evaluation:target_edit": Entry(org_object(pg=200), kwargs="evaluation_target"),
}


def _target(org, ptp, pg):
    from .builders import make_target

    return {"uuid": make_target(org, pg).uuid}


TARGETS = {
    "evaluation_question": lambda org, ptp, pg: {"number": 1},
    "evaluation_target": _target,
}
