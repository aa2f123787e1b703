"""The query-level safety net for tenant data.

Every model that belongs to an organization uses ``TenantManager``. Its
querysets refuse to run until they are scoped, either to one organization
(``for_org``) or, for the few places that legitimately look across
organizations (platform administration, de-identified aggregates, management
commands), explicitly with ``across_organizations(reason)``. A view that
forgets to scope a query fails loudly in tests instead of leaking another
organization's rows.

Tenant models declare ``objects = TenantManager()`` for application code and a
plain ``unscoped_objects = models.Manager()`` named in
``Meta.default_manager_name``: Django uses the default manager internally
(uniqueness checks of forms, reverse relations from an already-authorized
parent). Application code never names ``unscoped_objects``; a test greps for it.
"""

from __future__ import annotations

from django.db import models


class UnscopedTenantQuery(RuntimeError):
    """A tenant queryset was evaluated without being scoped to an organization."""


class TenantQuerySet(models.QuerySet):
    #: Name of the foreign key to Organization on the model.
    organization_field = "organization"

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
            return self.none()._mark_scoped()
        return self.filter(**{self.organization_field: organization})._mark_scoped()

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
