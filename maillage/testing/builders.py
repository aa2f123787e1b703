"""Builders for test data: small functions with sensible defaults."""

from __future__ import annotations

import itertools
import time
from datetime import date
from decimal import Decimal

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from maillage.accounts.models import Membership, Role, User
from maillage.organizations.models import Community, Milieu, Municipality, Organization, Region

PASSWORD = "correct horse battery staple"  # noqa: S105
TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTSECR"  # noqa: S105
_sequence = itertools.count(1)


def make_region(code="14", name="Lanaudière") -> Region:
    region, _ = Region.objects.get_or_create(code=code, defaults={"name": name})
    return region


def make_municipality(region=None, *, code=None, name=None, population=2814, area="164.14"):
    region = region or make_region()
    number = next(_sequence)
    return Municipality.objects.create(
        code=code or f"{90000 + number}",
        name=name or f"Municipalité {number}",
        region=region,
        population=population,
        land_area_km2=Decimal(area),
    )


def make_organization(
    name=None, *, region=None, milieu=Milieu.RURAL, privacy_officer=True, **extra
) -> Organization:
    """An organization with its strategies and, unless ``privacy_officer=False``, its person
    in charge of personal information (without one, no family can be created)."""
    from maillage.outreach.services import seed_strategies

    organization = Organization.objects.create(
        name=name or f"Organisme {next(_sequence)}",
        region=region or make_region(),
        milieu=milieu,
        **extra,
    )
    seed_strategies(organization)
    if privacy_officer:
        make_privacy_officer(organization)
    return organization


def make_privacy_officer(organization, **values):
    from maillage.privacy.models import PrivacyOfficer

    defaults = {
        "name": "Direction générale",
        "email": f"confidentialite{organization.pk}@example.org",
        "phone": "450 555-0100",
        "since": date(2024, 1, 15),
    }
    return PrivacyOfficer.objects.create(organization=organization, **(defaults | values))


def make_community(*organizations, name=None) -> Community:
    community = Community.objects.create(name=name or f"Table {next(_sequence)}")
    community.organizations.set(organizations)
    return community


def make_user(email=None, *, name="", password=PASSWORD, mfa=False) -> User:
    user = User.objects.create_user(
        email or f"person{next(_sequence)}@example.org", password, full_name=name
    )
    if mfa:
        # As allauth does when a person activates an authenticator app.
        TOTP.activate(user, TOTP_SECRET)
        RecoveryCodes.activate(user)
    return user


def make_member(organization, role=Role.PTP, *, user=None, mfa=None, **user_extra) -> Membership:
    """A person with a membership; those whose role requires it get TOTP set up."""
    if user is None:
        needs_mfa = role in (Role.PG, Role.ADMIN) if mfa is None else mfa
        user = make_user(mfa=needs_mfa, **user_extra)
    return Membership.objects.create(user=user, organization=organization, role=role)


def current_totp_code(secret=TOTP_SECRET, *, margin: float = 3.0) -> str:
    """The current TOTP code for ``secret``, still valid ``margin`` seconds from now.

    A code computed at the very end of its 30-second period could expire before
    it is submitted: wait for the next period then.
    """
    period = 30
    remaining = period - time.time() % period
    if remaining < margin:
        time.sleep(remaining + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


FILE_CONSENT = {"purpose": "file", "method": "verbal", "text_version": "2026-01"}


def make_family(organization, worker, *, members=(), consents=None, **values):
    """A family created the way workers create them (with the file consent)."""
    from maillage.families.services import create_family

    return create_family(
        worker,
        organization,
        values=dict(values),
        members=[dict(member) for member in members],
        consents=list(consents) if consents is not None else [dict(FILE_CONSENT)],
    )


def draw_family_codes(monkeypatch, codes):
    """The next family codes drawn at random are ``codes``, in turn (an iterable of codes
    such as ``F-ABCD-EF``), so that a test can make a drawn code collide with a taken one.
    Every draw counts, the default of an unsaved ``Family()`` (a form's instance) too."""
    from types import SimpleNamespace

    from maillage.families import models

    characters = itertools.chain.from_iterable(code[2:6] + code[7:] for code in codes)
    monkeypatch.setattr(
        models, "secrets", SimpleNamespace(choice=lambda _alphabet: next(characters))
    )
