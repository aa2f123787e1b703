from allauth.account.forms import ResetPasswordForm
from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.access import get_for_org, member_required

from . import services, throttle
from .forms import AcceptInvitationForm, InvitationForm, PlatformAccountForm
from .models import Invitation, Membership, User


@member_required("can_manage_team")
def team(request):
    members = (
        Membership.objects.for_org(request.organization)
        .select_related("user")
        .order_by("-is_active", "user__full_name", "user__email")
    )
    invitations = (
        Invitation.objects.for_org(request.organization).pending().select_related("invited_by")
    )
    members = list(members)
    paused = throttle.paused(membership.user.email for membership in members)
    for membership in members:
        membership.sign_in_paused = paused.get(membership.user.email.lower())
    return render(
        request,
        "accounts/team.html",
        {"members": members, "invitations": invitations},
    )


@member_required("can_manage_team")
def invite(request):
    form = InvitationForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        services.invite_member(
            request.user,
            request.organization,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:team")
    return render(request, "accounts/invite.html", {"form": form})


def _team_member(request, uuid):
    return get_for_org(
        request, Membership, uuid, Membership.objects.select_related("user", "organization")
    )


@member_required("can_manage_team")
@require_POST
def deactivate_member(request, uuid):
    membership = _team_member(request, uuid)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot deactivate yourself."))
    elif membership.is_active:
        services.deactivate_membership(request.user, membership)
        messages.success(
            request,
            _("%(name)s no longer has access; their sessions were ended.")
            % {"name": membership.user},
        )
    return redirect("accounts:team")


@member_required("can_manage_team")
@require_POST
def unlock_member(request, uuid):
    membership = _team_member(request, uuid)
    if services.unlock_sign_in(request.user, membership):
        messages.success(
            request, _("%(name)s can sign in again from any device.") % {"name": membership.user}
        )
    return redirect("accounts:team")


@member_required("can_manage_team")
@require_POST
def reactivate_member(request, uuid):
    membership = _team_member(request, uuid)
    if not membership.is_active:
        services.reactivate_membership(request.user, membership)
        messages.success(request, _("%(name)s has access again.") % {"name": membership.user})
    return redirect("accounts:team")


@member_required("is_organization_member")
@require_POST
def intake(request):
    """Open or pause one's own intake of new families."""
    open_to_new = request.POST.get("intake") == "open"
    services.set_intake(request.user, request.membership, open_to_new)
    if open_to_new:
        messages.success(request, _("You are open to new families."))
    else:
        messages.success(request, _("Your intake of new families is paused; your manager sees it."))
    return redirect("shell:home")


@member_required("can_manage_team")
@require_POST
def revoke_invitation(request, uuid):
    invitation = get_for_org(request, Invitation, uuid)
    if invitation.is_pending:
        services.revoke_invitation(request.user, invitation)
        messages.success(request, _("The invitation was cancelled."))
    return redirect("accounts:team")


@member_required("can_manage_team")
@require_POST
def approve_invitation(request, uuid):
    """A manager lets an invitation made by the platform administrator be accepted."""
    invitation = get_for_org(request, Invitation, uuid)
    if invitation.is_pending and invitation.awaits_approval:
        services.approve_invitation(request.user, invitation)
        messages.success(
            request,
            _("The invitation to %(email)s is approved: it can now be accepted.")
            % {"email": invitation.email},
        )
    return redirect("accounts:team")


def accept_invitation(request, token):
    """Public: the token in the link proves the invitation was received."""
    invitation = services.find_pending_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if invitation.approved_at is None and (
        invitation.approval_required or services.holds_platform_role(invitation.email)
    ):
        return render(
            request,
            "accounts/invitation_awaiting_approval.html",
            {"invitation": invitation},
            status=403,
        )
    if request.user.is_authenticated and request.user.email.lower() != invitation.email:
        return render(request, "accounts/invitation_other_account.html", {"invitation": invitation})
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        # The person already has an account: they accept while logged in as themselves.
        if request.user.is_authenticated and request.user.pk == existing.pk:
            if request.method == "POST":
                membership = services.accept_invitation(invitation, existing)
                request.session["active_membership"] = str(membership.uuid)
                messages.success(
                    request,
                    _("You joined %(organization)s.") % {"organization": invitation.organization},
                )
                return redirect("shell:home")
            return render(request, "accounts/invitation_join.html", {"invitation": invitation})
        return render(
            request, "accounts/invitation_login.html", {"invitation": invitation}, status=200
        )
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.create_user_from_invitation(
            invitation, form.cleaned_data["full_name"], form.cleaned_data["password1"]
        )
        return perform_login(request, user, redirect_url=reverse("shell:home"))
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@member_required("can_administer_platform", scope="platform")
def platform_accounts(request):
    query = request.GET.get("q", "").strip()
    users = User.objects.order_by("full_name", "email")
    if query:
        users = users.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    memberships = (
        Membership.objects.across_organizations("platform administration lists accounts")
        .filter(user__in=[user.pk for user in page])
        .select_related("organization")
    )
    by_user = {}
    for membership in memberships:
        by_user.setdefault(membership.user_id, []).append(membership)
    rows = [(user, by_user.get(user.pk, [])) for user in page]
    return render(
        request,
        "accounts/platform_accounts.html",
        {"page": page, "rows": rows, "query": query},
    )


@member_required("can_administer_platform", scope="platform")
def platform_account_create(request):
    form = PlatformAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = services.create_platform_account(
                request.user, email, form.cleaned_data["full_name"]
            )
        services.grant_platform_role(request.user, user, form.cleaned_data["role"])
        if created:
            reset = ResetPasswordForm(data={"email": email})
            if reset.is_valid():
                reset.save(request)
        messages.success(
            request,
            _("%(email)s can now sign in; a link to choose a password was sent.") % {"email": email}
            if created
            else _("%(email)s received the role.") % {"email": email},
        )
        return redirect("accounts:platform_accounts")
    return render(request, "accounts/platform_account_form.html", {"form": form})


@member_required("can_administer_platform", scope="platform")
@require_POST
def platform_account_toggle(request, uuid):
    user = get_object_or_404(User, uuid=uuid)
    if user.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
        return redirect("accounts:platform_accounts")
    services.set_account_active(request.user, user, not user.is_active)
    if user.is_active:
        messages.success(request, _("The account of %(name)s is open again.") % {"name": user})
    else:
        messages.success(
            request,
            _("The account of %(name)s is closed; their sessions were ended.") % {"name": user},
        )
    return redirect("accounts:platform_accounts")
