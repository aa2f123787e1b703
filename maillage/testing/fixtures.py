"""The named personas every test shares (pytest fixtures, loaded by conftest.py).

* ``ptp`` — Maëlle, outreach worker of ``org``;
* ``pg`` — Odile, manager of ``org``;
* ``evaluator`` — Hélène, of the steering committee (platform-wide, aggregates only);
* ``admin`` — Samuel, platform administrator (sees no family data);
* ``outsider`` — Nadia, manager of ``other_org``: everything of ``org`` is a 404 to her.

Each ``*_client`` fixture is a Django test client already logged in as that
persona, with two-factor authentication completed where the role needs it.
"""

import pytest
from django.test import Client

from maillage.accounts.models import Role
from maillage.organizations.models import Milieu

from .builders import make_member, make_municipality, make_organization, make_region


@pytest.fixture
def org(db):
    region = make_region("14", "Lanaudière")
    organization = make_organization("Maison des familles Test", region=region, milieu=Milieu.RURAL)
    organization.municipalities.set([make_municipality(region, name="Saint-Côme")])
    return organization


@pytest.fixture
def other_org(db):
    return make_organization(
        "Carrefour Autre", region=make_region("06", "Montréal"), milieu=Milieu.URBAN
    )


@pytest.fixture
def ptp(org):
    return make_member(org, Role.PTP, email="maelle@example.org", name="Maëlle Desrosiers").user


@pytest.fixture
def pg(org):
    return make_member(org, Role.PG, email="odile@example.org", name="Odile Lanctôt").user


@pytest.fixture
def evaluator(db):
    return make_member(None, Role.EVALUATOR, email="helene@example.org", name="Hélène G.").user


@pytest.fixture
def admin(db):
    return make_member(None, Role.ADMIN, email="samuel@example.org", name="Samuel O.").user


@pytest.fixture
def outsider(other_org):
    return make_member(other_org, Role.PG, email="nadia@example.org", name="Nadia B.").user


def logged_in_client(user) -> Client:
    """A client whose session is fully authenticated, second factor included."""
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def ptp_client(ptp):
    return logged_in_client(ptp)


@pytest.fixture
def pg_client(pg):
    return logged_in_client(pg)


@pytest.fixture
def evaluator_client(evaluator):
    return logged_in_client(evaluator)


@pytest.fixture
def admin_client(admin):
    return logged_in_client(admin)


@pytest.fixture
def outsider_client(outsider):
    return logged_in_client(outsider)


PERSONAS = ("anonymous", "ptp", "pg", "evaluator", "admin", "outsider")


@pytest.fixture
def persona_client(request):
    """Indirect fixture: ``persona_client`` parametrized by a persona name."""
    return request.getfixturevalue(f"{request.param}_client")
