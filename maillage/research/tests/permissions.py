"""The research URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

Only the évaluateur (aggregates across organizations) reads the releases and produces an
extract; everyone else signed in gets 403, PG of another organization included (there is
no object of an organization in these URLs). A GET on the POST-only URL is 405 for anyone.
"""

from maillage.testing.matrix import LOGIN, Entry

EVALUATOR_ONLY = {
    "anonymous": LOGIN,
    "ptp": 403,
    "pg": 403,
    "evaluator": 200,
    "admin": 403,
    "outsider": 403,
}

MATRIX = {
    "research:releases": Entry(EVALUATOR_ONLY),
    # The évaluateur's 200 is the ZIP itself.
    "research:release_new": Entry(
        EVALUATOR_ONLY, method="post", data={"start": "2026-01", "end": "2026-01"}
    ),
}
