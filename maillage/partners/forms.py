from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.core.taxonomy import Need
from maillage.organizations.models import Municipality

from .models import Location, LocationType, Mandate, ServiceStatus
from .services import (
    PhoneLineError,
    languages_from_text,
    languages_to_text,
    named_list_from_text,
    named_list_to_text,
    phones_from_text,
    phones_to_text,
)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    need = forms.ChoiceField(
        label=_("Need"), choices=[("", _("All needs")), *Need.choices], required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        to_field_name="code",
        empty_label=_("All municipalities"),
        required=False,
    )
    language = forms.CharField(label=_("Language"), required=False, max_length=50)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        # The municipalities the organization serves and those of its directory's locations.
        self.fields["municipality"].queryset = Municipality.objects.filter(
            Q(organizations=organization)
            | Q(pk__in=Location.objects.for_org(organization).values("municipality"))
        ).distinct()


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    alternate_name = forms.CharField(label=_("Other name"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partner does, in a sentence or two."),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=500, assume_scheme="https"
    )
    phones = forms.CharField(
        label=_("Phones"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One phone per line: the number, then the extension if any after “poste”, "
            "for example: 450 555-1234 poste 12."
        ),
    )
    mandate = forms.ChoiceField(label=_("Mandate"), choices=Mandate.choices)
    last_verified_on = forms.DateField(
        label=_("Last verified on"), required=False, widget=_date_input()
    )

    def __init__(self, *args, partner=None, **kwargs):
        self.partner = partner
        if partner is not None:
            initial = {name: getattr(partner, name) for name in self.base_fields}
            initial["phones"] = phones_to_text(partner.phones)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

    def clean_phones(self):
        previous = self.partner.phones if self.partner is not None else ()
        try:
            return phones_from_text(self.cleaned_data["phones"], previous)
        except PhoneLineError as error:
            line, kind = error.args
            if kind == "extension":
                message = _("Line %(line)s: the extension after “poste” must be a number.")
            else:
                message = _("Line %(line)s: this is not a phone number.")
            raise forms.ValidationError(message % {"line": line}) from error


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    alternate_name = forms.CharField(label=_("Other name"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    eligibility_description = forms.CharField(
        label=_("Eligibility"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minimum_age = forms.IntegerField(
        label=_("Minimum age"), min_value=0, max_value=150, required=False
    )
    maximum_age = forms.IntegerField(
        label=_("Maximum age"), min_value=0, max_value=150, required=False
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, for example: fr, en, arabe."),
    )
    interpretation_services = forms.CharField(
        label=_("Interpretation"), max_length=500, required=False
    )
    fees_description = forms.CharField(
        label=_("Fees"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    application_process = forms.CharField(
        label=_("How to apply"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hours = forms.CharField(
        label=_("Hours"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    required_documents = forms.CharField(
        label=_("Documents required"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One document per line."),
    )
    service_areas = forms.CharField(
        label=_("Service area"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One area per line, for example a municipality or an MRC."),
    )
    url = forms.URLField(label=_("Web page"), required=False, max_length=500, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail address"), required=False)
    last_verified_on = forms.DateField(
        label=_("Last verified on"), required=False, widget=_date_input()
    )

    def __init__(self, *args, service=None, **kwargs):
        self.service = service
        if service is not None:
            initial = {name: getattr(service, name) for name in self.base_fields}
            initial["languages"] = languages_to_text(service.languages)
            for name, key in self.NAMED_LISTS.items():
                initial[name] = named_list_to_text(getattr(service, name), key)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

    # Form field → the HSDS property that labels each of its entries.
    NAMED_LISTS = {"required_documents": "document", "service_areas": "name"}

    def clean_languages(self):
        previous = self.service.languages if self.service is not None else ()
        return languages_from_text(self.cleaned_data["languages"], previous)

    def _named_list(self, name):
        previous = getattr(self.service, name) if self.service is not None else ()
        return named_list_from_text(self.cleaned_data[name], self.NAMED_LISTS[name], previous)

    def clean_required_documents(self):
        return self._named_list("required_documents")

    def clean_service_areas(self):
        return self._named_list("service_areas")

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age cannot be below the minimum age."))
        return data


class LocationForm(forms.Form):
    location_type = forms.ChoiceField(label=_("Type"), choices=LocationType.choices)
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    address_1 = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=150, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        to_field_name="code",
        empty_label=_("Not specified"),
        required=False,
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    state_province = forms.CharField(
        label=_("Province"), max_length=100, required=False, initial="QC"
    )
    country = forms.CharField(
        label=_("Country (2 letters)"), max_length=2, min_length=2, required=False, initial="CA"
    )
    url = forms.URLField(
        label=_("Web address"), required=False, max_length=500, assume_scheme="https"
    )
    transportation = forms.CharField(
        label=_("Transport access"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Services offered here"),
        queryset=None,
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, partner, organization, location=None, **kwargs):
        if location is not None:
            initial = {
                name: getattr(location, name) for name in self.base_fields if name != "services"
            }
            initial["services"] = list(location.services.all())
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = partner.services.all()
        municipalities = Q(organizations=organization) | Q(region=organization.region)
        if location is not None and location.municipality_id:
            municipalities |= Q(pk=location.municipality_id)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            municipalities
        ).distinct()

    def clean(self):
        data = super().clean()
        if data.get("location_type") == LocationType.VIRTUAL and not data.get("url"):
            self.add_error("url", _("A virtual location needs a web address."))
        if data.get("location_type") == LocationType.PHYSICAL and not (
            data.get("address_1") or data.get("municipality") or data.get("city")
        ):
            self.add_error(
                "address_1", _("A physical location needs an address or a municipality.")
            )
        if data.get("address_1"):
            # A street address is exported as an HSDS address, which needs all of these.
            for name in ("postal_code", "state_province", "country"):
                if not data.get(name):
                    self.add_error(name, _("This field is required with a street address."))
            if not (data.get("city") or data.get("municipality")):
                self.add_error("city", _("This field is required with a street address."))
        return data


class ShareForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Share with the community"),
        queryset=None,
        to_field_name="uuid",
        empty_label=_("Not shared"),
        required=False,
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = organization.communities.all()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("HSDS file"),
        help_text=_("An HSDS 3.0 JSON file, or a zip of the HSDS CSV tables."),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 10 MB)."))
        return upload
