"""People: users, memberships (with two-factor authentication where the role needs it)."""

from __future__ import annotations

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from maillage.accounts.models import Membership, Role, User

from .numbers import next_number

PASSWORD = "correct horse battery staple"  # noqa: S105
TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTSECR"  # noqa: S105


def make_user(email=None, *, name="", password=PASSWORD, mfa=False) -> User:
    user = User.objects.create_user(
        email or f"person{next_number()}@example.org", password, full_name=name
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
