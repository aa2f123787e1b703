"""Audit of logins, logouts and two-factor changes."""

from allauth.account.signals import password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from maillage.audit.services import record_event

from . import throttle


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_event(user, "account.login", target=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(user, "account.logout", target=user)


@receiver(authenticator_added)
def audit_authenticator_added(sender, request, user, authenticator, **kwargs):
    record_event(user, "account.mfa.added", target=user, changed_fields=[authenticator.type])


@receiver(authenticator_removed)
def audit_authenticator_removed(sender, request, user, authenticator, **kwargs):
    record_event(user, "account.mfa.removed", target=user, changed_fields=[authenticator.type])


@receiver(password_reset)
def forget_failed_sign_ins(sender, request, user, **kwargs):
    """A new password chosen through the e-mailed link proves the address: its waits end."""
    throttle.clear(user.email)
