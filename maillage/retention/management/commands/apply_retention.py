"""Destroy and anonymize what each organization's retention schedule says is due.

Run it every night from cron (docs/privacy/retention.md). ``--dry-run`` prints what would be
done and changes nothing. The output names organizations and counts, never a family.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from maillage.organizations.models import Organization
from maillage.retention import services


class Command(BaseCommand):
    help = "Destroy identities and anonymize closed files past their organization's delays."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what is due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        failed = []
        for organization in Organization.objects.order_by("name"):
            if dry_run:
                plan = services.plan_for(organization, today)
                self.stdout.write(
                    f"{organization.name}: {plan.identities} identities to destroy, "
                    f"{plan.files} files to anonymize (dry run, nothing changed)"
                )
                continue
            try:
                run = services.apply_retention(organization, today)
            except services.RetentionError as exc:  # the next organizations are still processed
                failed.append(organization.name)
                self.stderr.write(f"{organization.name}: {exc}")
                continue
            self.stdout.write(
                f"{organization.name}: {run.identities_destroyed} identities destroyed, "
                f"{run.files_anonymized} files anonymized"
            )
        if failed:
            raise CommandError(f"Retention incomplete for: {', '.join(failed)}.")
