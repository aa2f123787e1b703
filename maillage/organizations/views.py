from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from maillage.accounts.forms import InvitationForm
from maillage.accounts.services import InvitationError, invite_member
from maillage.core.access import member_required

from . import services
from .forms import CommunityForm, OrganizationForm, OrganizationSettingsForm
from .models import Community, Organization


@member_required("is_organization_member")
def profile(request):
    organization = (
        Organization.objects.select_related("region")
        .prefetch_related("municipalities", "communities")
        .get(pk=request.organization.pk)
    )
    return render(request, "organizations/profile.html", {"org": organization})


@member_required("can_manage_team")
def settings_edit(request):
    organization = request.organization
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.save_organization(request.user, form)
        messages.success(request, _("The organization's settings were saved."))
        return redirect("organizations:profile")
    return render(request, "organizations/settings_form.html", {"form": form})


@member_required("can_administer_platform", scope="platform")
def platform_list(request):
    organizations = (
        Organization.objects.select_related("region")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )
    communities = Community.objects.select_related("region").annotate(
        organization_count=Count("organizations", distinct=True)
    )
    return render(
        request,
        "organizations/platform_list.html",
        {"organizations": organizations, "communities": communities},
    )


@member_required("can_administer_platform", scope="platform")
def platform_create(request):
    return _organization_form(request, Organization())


@member_required("can_administer_platform", scope="platform")
def platform_edit(request, uuid):
    return _organization_form(request, get_object_or_404(Organization, uuid=uuid))


def _organization_form(request, organization):
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        saved = services.save_organization(request.user, form)
        messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
        return redirect("organizations:platform_list")
    return render(request, "organizations/platform_form.html", {"form": form, "org": organization})


@member_required("can_administer_platform", scope="platform")
def platform_invite(request, uuid):
    """The administrator invites the first manager (or anyone) into an organization."""
    organization = get_object_or_404(Organization, uuid=uuid)
    form = InvitationForm(request.POST or None, organization=organization, initial={"role": "pg"})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            invitation = invite_member(
                request.user,
                organization,
                email,
                form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
            )
        except InvitationError as error:
            form.add_error("email", str(error))
        else:
            if invitation.awaits_approval:
                messages.success(
                    request,
                    _(
                        "An invitation was sent to %(email)s; it can be accepted once a "
                        "manager of the organization approves it on their team page."
                    )
                    % {"email": email},
                )
            else:
                messages.success(
                    request, _("An invitation was sent to %(email)s.") % {"email": email}
                )
            return redirect("organizations:platform_list")
    return render(
        request, "organizations/platform_invite.html", {"form": form, "org": organization}
    )


@member_required("can_administer_platform", scope="platform")
def community_create(request):
    return _community_form(request, Community())


@member_required("can_administer_platform", scope="platform")
def community_edit(request, uuid):
    return _community_form(request, get_object_or_404(Community, uuid=uuid))


def _community_form(request, community):
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        saved = services.save_community(request.user, form)
        messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
        return redirect("organizations:platform_list")
    return render(
        request, "organizations/community_form.html", {"form": form, "community": community}
    )
