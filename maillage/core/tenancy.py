"""The query-level safety net for tenant data (decision 0009).

Every model whose rows belong to an organization, directly or through a parent
(a family's members, a referral's events), derives from ``TenantModel``. Its
``objects`` querysets refuse to run until they are scoped, either to one
organization (``for_org``, which follows the model's ``organization_path``) or,
for the few places that legitimately look across organizations (platform
administration, de-identified aggregates, management commands), explicitly with
``across_organizations(reason)``. A view that forgets to scope a query fails
loudly instead of leaking another organization's rows.

The default manager stays the plain ``unscoped_objects``: Django uses it
internally (uniqueness checks of forms, reverse relations from an
already-authorized parent). Application code never names ``unscoped_objects``;
a test greps for it.
"""

from __future__ import annotations

import uuid as uuid_module

from django.db import models


class UnscopedTenantQuery(RuntimeError):
    """A tenant queryset was evaluated without being scoped to an organization."""


class TenantQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tenant_scoped = False

    def _clone(self):
        clone = super()._clone()
        clone._tenant_scoped = self._tenant_scoped
        return clone

    def _mark_scoped(self):
        clone = self._chain()
        clone._tenant_scoped = True
        return clone

    def for_org(self, organization):
        """Rows of one organization; ``None`` (no active organization) gives none."""
        if organization is None:
            return self.none()
        return self.filter(**{self.model.organization_path: organization})._mark_scoped()

    def within(self, **parent):
        """Rows under a parent already scoped: one lookup, whose value is a scoped tenant
        queryset (``Step.objects.within(priority__in=priorities)``), a tenant row fetched
        through the chokepoint (``Member.objects.within(family=family)``) or, in a correlated
        subquery, the outer query's row (``Contact.objects.within(family=OuterRef("pk"))``:
        the outer query is scoped, and the net checks it when it runs)."""
        ((lookup, value),) = parent.items()
        scoped = isinstance(value, TenantModel | models.OuterRef) or (
            isinstance(value, TenantQuerySet) and value._tenant_scoped
        )
        if not scoped:
            raise UnscopedTenantQuery(
                f"{self.model.__name__}.within() needs a scoped queryset or a tenant row."
            )
        return self.filter(**{lookup: value})._mark_scoped()

    def none(self):
        # An empty queryset shows no one's rows: nothing to scope (forms start from one).
        return super().none()._mark_scoped()

    def across_organizations(self, reason: str):
        """Every organization's rows. ``reason`` documents why at the call site."""
        if not reason:
            raise ValueError("Say why this query looks across organizations.")
        return self._mark_scoped()

    def _check_scoped(self):
        if not self._tenant_scoped:
            raise UnscopedTenantQuery(
                f"{self.model.__name__} queried without for_org() or across_organizations()."
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def count(self):
        self._check_scoped()
        return super().count()

    def exists(self):
        self._check_scoped()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self):
        self._check_scoped()
        return super().delete()

    def iterator(self, chunk_size=None):
        self._check_scoped()
        return super().iterator(chunk_size=chunk_size)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """``Model.objects`` of tenant models: every query must be scoped."""


class TenantModel(models.Model):
    """The base of every tenant row: its UUID, its scoped manager and its way to the organization.

    A row with its own ``organization`` keeps the default path; a row under a parent names the
    lookup through it (``organization_path = "family__organization"``). A row never named in a
    URL drops the UUID with ``uuid = None``. A subclass's ``Meta`` derives from
    ``TenantModel.Meta`` so that the plain manager stays the default one.
    """

    organization_path = "organization"

    uuid = models.UUIDField(default=uuid_module.uuid4, unique=True, editable=False)

    objects = TenantManager()
    unscoped_objects = models.Manager()

    class Meta:
        abstract = True
        default_manager_name = "unscoped_objects"
