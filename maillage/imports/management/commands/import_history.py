"""Import an organization's past logs from the command line, with the web import's checks.

    manage.py import_history <organization-uuid> <file> [--actor email] [--dry-run]

The report is printed in the language of ``--language`` (French by default); the exit
status is 1 when the file has problems, and then nothing is written.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from maillage.accounts.models import ORGANIZATION_ROLES, Membership
from maillage.imports import services
from maillage.imports.parsing import MAX_UPLOAD_BYTES
from maillage.imports.schema import COUNT_LABELS
from maillage.organizations.models import Organization


class Command(BaseCommand):
    help = "Import history (families, members, outreach, contacts, referrals) from XLSX or CSV."

    def add_arguments(self, parser):
        parser.add_argument("organization", help="UUID of the organization")
        parser.add_argument("file", help="XLSX workbook, ZIP of CSV files, or one CSV file")
        parser.add_argument(
            "--actor", help="e-mail of the organization's member recorded as the importer"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--language", default="fr-ca", choices=["fr-ca", "en"])

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            return self._handle(options)

    def _handle(self, options):
        try:
            organization = Organization.objects.get(uuid=options["organization"])
        except (Organization.DoesNotExist, ValidationError) as error:
            raise CommandError(
                f"No organization has the UUID {options['organization']}."
            ) from error
        actor = None
        if options["actor"]:
            membership = (
                Membership.objects.for_org(organization)
                .filter(user__email__iexact=options["actor"], role__in=ORGANIZATION_ROLES)
                .select_related("user")
                .first()
            )
            if membership is None:
                raise CommandError(f"{options['actor']} is not a member of {organization}.")
            actor = membership.user
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError("The file is larger than 5 MB: split it into several imports.")
        upload = services.Upload(path.name, path.read_bytes())
        report = services.import_history(actor, organization, upload, options["dry_run"])
        for problem in report.problems:
            row = problem.row if problem.row is not None else "—"
            self.stdout.write(f"{problem.sheet}\t{row}\t{problem.column or '—'}\t{problem.message}")
        if report.problems:
            raise CommandError(
                translation.ngettext(
                    "Nothing was imported: %(count)s problem to fix in the file.",
                    "Nothing was imported: %(count)s problems to fix in the file.",
                    len(report.problems),
                )
                % {"count": len(report.problems)},
                returncode=1,
            )
        for key, label in COUNT_LABELS.items():
            self.stdout.write(f"{label}\t{report.counts.get(key, 0)}")
        if report.written:
            self.stdout.write(self.style.SUCCESS(translation.gettext("The history was imported.")))
        else:
            self.stdout.write(translation.gettext("Dry run: nothing was written."))
