from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import Membership, Role, User


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.PTP.value, Role.PTP.label), (Role.PG.value, Role.PG.label)],
        initial=Role.PTP.value,
    )

    def __init__(self, *args, organization, **kwargs):
        self.organization = organization
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        already = (
            Membership.objects.for_org(self.organization)
            .filter(user__email__iexact=email, is_active=True)
            .exists()
        )
        if already:
            raise forms.ValidationError(_("This person is already a member of the organization."))
        return email


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A short sentence is easy to remember."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PlatformAccountForm(forms.Form):
    """The platform administrator opens an account for an evaluator or another administrator."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Role.EVALUATOR.value, Role.EVALUATOR.label),
            (Role.ADMIN.value, Role.ADMIN.label),
        ],
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class LoginForm(AllauthLoginForm):
    """allauth's login form with a visible label and no placeholder or duplicate link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
            field.help_text = ""
