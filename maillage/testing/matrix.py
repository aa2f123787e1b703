"""The permission matrix vocabulary, shared by every app's ``tests/permissions.py``.

An app declares ``MATRIX = {url_name: Entry(...)}`` and, when its URLs take
objects, ``TARGETS = {name: builder}``, each ``builder(org, ptp, pg)`` building one
object in ``org`` and returning its URL kwargs.
maillage/core/tests/test_permission_matrix.py gathers them all and fails when a
URL of the project is declared nowhere.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from maillage.testing.fixtures import PERSONAS

LOGIN = "login"  # expected: a redirect to the login page


@dataclass(frozen=True)
class Entry:
    expect: dict
    method: str = "get"
    kwargs: str | None = None  # name of a target, built by its builder in ``TARGETS``
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


Builder = Callable[..., dict]


def gather_targets(socle: Mapping[str, Builder], modules: Iterable) -> dict[str, Builder]:
    """Every target builder: the socle's and each app module's ``TARGETS``.

    A name declared twice fails here, naming the module, since an entry's ``kwargs``
    would otherwise reach whichever object was gathered last."""
    builders = dict(socle)
    for module in modules:
        assert not callable(getattr(module, "targets", None)), (
            f"{module.__name__}: declare TARGETS = {{name: builder(org, ptp, pg)}} instead of "
            "a targets() function (CONTRIBUTING.md, the permission matrix)"
        )
        more = getattr(module, "TARGETS", {})
        assert not builders.keys() & more.keys(), f"target names reused by {module.__name__}"
        builders |= more
    return builders


class Targets(Mapping):
    """The objects the matrix's URLs name, each built on first use, in the test's database.

    A test asks for the one target its entry names, so each of the matrix's cases builds
    one object, not every app's; a walk over every URL builds each target once."""

    def __init__(self, builders: Mapping[str, Builder], org, ptp, pg):
        self._builders = builders
        self._people = (org, ptp, pg)
        self._built: dict[str, dict] = {}

    def __getitem__(self, name: str) -> dict:
        if name not in self._built:
            self._built[name] = self._builders[name](*self._people)
        return self._built[name]

    def __iter__(self):
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)
