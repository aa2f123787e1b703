"""The permission matrix vocabulary, shared by every app's ``tests/permissions.py``.

An app declares ``MATRIX = {url_name: Entry(...)}`` and, when its URLs take
objects, ``targets(org, ptp, pg) -> {name: url kwargs}`` building them in ``org``.
maillage/core/tests/test_permission_matrix.py gathers them all and fails when a
URL of the project is declared nowhere.
"""

from dataclasses import dataclass, field

from maillage.testing.fixtures import PERSONAS

LOGIN = "login"  # expected: a redirect to the login page


@dataclass(frozen=True)
class Entry:
    expect: dict
    method: str = "get"
    kwargs: str | None = None  # name of a target built by ``targets``
    data: dict = field(default_factory=dict)


def everyone(status, anonymous=None):
    return dict.fromkeys(PERSONAS, status) | ({"anonymous": anonymous} if anonymous else {})


def signed_in(status):
    return everyone(status, anonymous=LOGIN)


def by_mfa(with_mfa, without_mfa):
    """allauth's two-factor pages differ for people who have an authenticator (PG, admin)."""
    return {
        "anonymous": LOGIN,
        "ptp": without_mfa,
        "pg": with_mfa,
        "evaluator": without_mfa,
        "admin": with_mfa,
        "outsider": with_mfa,
    }


def org_page(pg, ptp=403):
    """A page inside the active organization (no object in the URL)."""
    return {
        "anonymous": LOGIN,
        "ptp": ptp,
        "pg": pg,
        "evaluator": 403,
        "admin": 403,
        "outsider": pg,
    }


def org_object(pg, ptp=403):
    """An object of ``org`` in the URL: the outsider and platform roles get 404."""
    return {
        "anonymous": LOGIN,
        "ptp": ptp,
        "pg": pg,
        "evaluator": 404,
        "admin": 404,
        "outsider": 404,
    }


def platform(admin):
    return {
        "anonymous": LOGIN,
        "ptp": 403,
        "pg": 403,
        "evaluator": 403,
        "admin": admin,
        "outsider": 403,
    }
