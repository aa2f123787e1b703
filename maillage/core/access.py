"""The one chokepoint for access to tenant data.

Views declare what they need with ``@member_required(predicate)`` and fetch
objects with ``get_for_org``. The rules, everywhere:

* anonymous → the login page;
* logged in, but the object is not in the active organization (or there is
  no active organization) → 404, the same page whether the object exists or not;
* the object is the organization's, but the role may not → 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


def member_required(predicate: str, *, scope: str = "organization"):
    """Require an active membership whose ``predicate`` property is true.

    ``scope="organization"`` views act inside the active organization: a
    person without one gets 404 on object URLs (those taking a ``uuid``) and
    403 elsewhere. ``scope="platform"`` views (administration, cross-organization
    aggregates) need only the predicate.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.membership
            if scope == "organization" and request.organization is None:
                if "uuid" in kwargs:
                    raise Http404
                raise PermissionDenied
            if membership is None or not getattr(membership, predicate):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_predicate = predicate
        wrapped.access_scope = scope
        return wrapped

    return decorator


def login_required_view(view):
    """Any logged-in person, with or without a membership (home, switcher)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.access_predicate = None
    wrapped.access_scope = "person"
    return wrapped


def get_by_uuid_or_404(queryset, uuid):
    """The object of that UUID within ``queryset``, or 404.

    ``uuid`` comes from the URL; a malformed one is a 404 too, never a 500, and the same
    404 whether the object exists outside ``queryset`` or not.
    """
    try:
        return queryset.get(uuid=uuid)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def get_for_org(request, model, uuid, queryset=None):
    """Fetch one object of the active organization by UUID, or 404."""
    base = queryset if queryset is not None else model.objects.all()
    return get_by_uuid_or_404(base.for_org(request.organization), uuid)
