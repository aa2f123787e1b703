import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The roles live in the kernel (every floor names them); imported from here they still work.
from maillage.core.roles import ORGANIZATION_ROLES, PLATFORM_ROLES, Role  # noqa: F401
from maillage.core.tenancy import TenantManager, TenantModel, TenantQuerySet


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person who logs in, by e-mail. What they may do comes from their memberships."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class MembershipQuerySet(TenantQuerySet):
    def of_user(self, user):
        """One person's own memberships, in every organization: scoped by person."""
        return self.filter(user=user)._mark_scoped()

    def active(self):
        return self.filter(is_active=True, user__is_active=True).filter(
            Q(organization__isnull=True) | Q(organization__is_active=True)
        )


class Membership(TenantModel):
    """A person's role in an organization, or on the platform (evaluator, administrator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    # Outreach workers say when they can take new families (their manager sees it).
    intake_open = models.BooleanField(_("open to new families"), default=True)
    intake_changed_on = models.DateField(_("since"), null=True, blank=True)

    objects = TenantManager.from_queryset(MembershipQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["organization__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(organization__isnull=False),
                name="one_membership_per_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(organization__isnull=True),
                name="one_platform_membership_per_role",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=["ptp", "pg"], organization__isnull=False)
                    | Q(role__in=["evaluator", "admin"], organization__isnull=True)
                ),
                name="role_matches_scope",
            ),
        ]

    def __str__(self):
        where = self.organization.name if self.organization_id else _("Platform")
        return f"{where} — {self.get_role_display()}"

    # Predicates: what this role may do. Views ask these, never compare roles.
    @property
    def is_organization_member(self):
        return self.role in ORGANIZATION_ROLES

    @property
    def can_manage_team(self):
        return self.role == Role.PG

    @property
    def can_read_audit(self):
        return self.role == Role.PG

    @property
    def can_administer_platform(self):
        return self.role == Role.ADMIN

    @property
    def can_see_aggregates_across_organizations(self):
        return self.role == Role.EVALUATOR

    @property
    def can_evaluate_organization(self):
        """The evaluation of one's own organization: the eight questions, the report."""
        return self.role == Role.PG

    @property
    def can_import_history(self):
        return self.role == Role.PG

    @property
    def can_manage_privacy(self):
        """Privacy governance: the person in charge, incidents, the family's requests."""
        return self.role == Role.PG

    @property
    def can_see_family_rows(self):
        return self.role in ORGANIZATION_ROLES

    @property
    def requires_mfa(self):
        if self.role in (Role.PG, Role.ADMIN):
            return True
        return bool(
            self.role == Role.PTP and self.organization and self.organization.require_mfa_for_all
        )


class InvitationQuerySet(TenantQuerySet):
    def pending(self):
        """Neither accepted, cancelled nor expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(TenantModel):
    """An invitation, by e-mail, to join an organization in a role."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organization"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(Role.PTP.value, Role.PTP.label), (Role.PG.value, Role.PG.label)],
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Made by the platform, not by a manager of the organization: it cannot be accepted until
    # a manager of the organization approves it (docs/accounts-and-roles.md).
    approval_required = models.BooleanField(_("needs the organization's approval"), default=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )

    objects = TenantManager.from_queryset(InvitationQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def awaits_approval(self):
        return self.approval_required and self.approved_at is None

    @property
    def is_pending(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AccountSession(AbstractBaseSession):
    """Django's database session, with the user's id so their sessions can be ended at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=True,
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore


class SignInThrottle(models.Model):
    """Failed passwords typed for one e-mail address, known or not (accounts/throttle.py)."""

    address_key = models.CharField(_("address key"), max_length=64, unique=True)
    failures = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True, db_index=True)
    blocked_until = models.DateTimeField(_("next try allowed at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("person told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self):
        return self.address_key[:8]
