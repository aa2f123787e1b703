from django import forms
from django.utils.translation import gettext_lazy as _

from .parsing import MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File to import"),
        # A hint for the file picker only: the type is decided from the content.
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.zip,.csv"}),
        help_text=_(
            "An XLSX workbook made from the template, a ZIP of CSV files (one per sheet, "
            "named after the sheet), or one CSV file named after its sheet. 5 MB at most."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before reading: the size the browser announced is checked again on the bytes.
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB: split it into several imports.")
            )
        return upload


class ConfirmForm(forms.Form):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=64)
