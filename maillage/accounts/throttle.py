"""Failed sign-ins cost the one who guesses, not the person whose account it is.

Three layers (docs/accounts-and-roles.md, "Failed sign-ins"):

- allauth's per-address limit (``LOGIN_FAILURE_LIMIT``) slows one machine guessing;
- per e-mail address, known or not (so the answer says nothing of whether an account
  exists), the first failures are free, then each one doubles a wait before the next
  try, up to an hour; the person is told by e-mail once;
- a browser where the person has signed in before carries a signed cookie and is not held
  by that wait: guesses from elsewhere cannot lock a worker out of her own phone. A manager
  can lift the wait from the team page.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from .models import SignInThrottle

FREE_FAILURES = 5
FIRST_WAIT = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=1)
# A day without failures and an address starts afresh; the person is told once a day at most.
FORGET_AFTER = datetime.timedelta(days=1)
DEVICE_SALT = "maillage.accounts.sign-in-device"
DEVICE_MAX_AGE = datetime.timedelta(days=180)


def address_key(email: str) -> str:
    """A keyed hash of the address: the table never holds an address someone only typed."""
    return salted_hmac(
        "maillage.accounts.throttle", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def wait_after(failures: int) -> datetime.timedelta:
    if failures < FREE_FAILURES:
        return datetime.timedelta(0)
    return min(FIRST_WAIT * 2 ** (failures - FREE_FAILURES), LONGEST_WAIT)


def device_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=DEVICE_SALT, compress=True)


def is_known_device(request, user) -> bool:
    value = request.COOKIES.get(settings.SIGN_IN_DEVICE_COOKIE_NAME)
    if not value or user is None:
        return False
    try:
        data = signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return False
    return data.get("u") == user.pk


def remember_device(response, user) -> None:
    response.set_cookie(
        settings.SIGN_IN_DEVICE_COOKIE_NAME,
        device_token(user),
        max_age=int(DEVICE_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def blocked_until(email: str) -> datetime.datetime | None:
    """When the next try from an unknown browser is allowed, if it is not allowed now."""
    row = SignInThrottle.objects.filter(address_key=address_key(email)).first()
    if row is None or row.blocked_until is None or row.blocked_until <= timezone.now():
        return None
    return row.blocked_until


@transaction.atomic
def record_failure(email: str, user) -> SignInThrottle:
    """Count a failed password for this address; past the free ones, make the next one wait."""
    now = timezone.now()
    SignInThrottle.objects.filter(last_failure_at__lt=now - FORGET_AFTER).delete()
    row, _ = SignInThrottle.objects.select_for_update().get_or_create(
        address_key=address_key(email), defaults={"failures": 0}
    )
    SignInThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1)
    row.refresh_from_db(fields=["failures"])
    row.last_failure_at = now
    wait = wait_after(row.failures)
    row.blocked_until = now + wait if wait else None
    fields = ["last_failure_at", "blocked_until"]
    if wait and user is not None and _may_notify(row, now):
        row.notified_at = now
        fields.append("notified_at")
        transaction.on_commit(lambda: _tell(user))
    row.save(update_fields=fields)
    return row


def _may_notify(row, now) -> bool:
    return row.notified_at is None or row.notified_at < now - FORGET_AFTER


def paused(emails) -> dict[str, SignInThrottle]:
    """The addresses among ``emails`` whose sign-in waits now, in one query."""
    keys = {address_key(email): email.strip().lower() for email in emails}
    rows = SignInThrottle.objects.filter(address_key__in=keys, blocked_until__gt=timezone.now())
    return {keys[row.address_key]: row for row in rows}


def clear(email: str) -> bool:
    """Forget the failures of this address (a sign-in, a new password, a manager's unlock)."""
    deleted, _ = SignInThrottle.objects.filter(address_key=address_key(email)).delete()
    return bool(deleted)


def _tell(user) -> None:
    """The person learns of the failures in French, then in English: she chose no language."""
    subjects, bodies = [], []
    for language in ("fr", "en"):
        with translation.override(language):
            context = {"user": user, "free": FREE_FAILURES}
            subjects.append(
                render_to_string("accounts/email/sign_in_failures_subject.txt", context).strip()
            )
            bodies.append(render_to_string("accounts/email/sign_in_failures_message.txt", context))
    send_mail(" / ".join(subjects), "\n\n---\n\n".join(bodies), None, [user.email])
