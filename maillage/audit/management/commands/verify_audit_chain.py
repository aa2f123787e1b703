"""Verify the hash chains of the audit log (docs/privacy-by-design.md#audit).

Exit status 0 and "intact" when every chain verifies; 1 with the first broken link of each
broken chain otherwise, so that cron or a monitoring check can alert on it. Each chain's
result is kept (``ChainVerification``): the organization's log page then verifies only the
events written since.
"""

from django.core.management.base import BaseCommand, CommandError

from maillage.audit.chain import record_verifications, verify_all


class Command(BaseCommand):
    help = "Verify the hash chains of the audit log; exit status 1 at the first broken link."

    def handle(self, *args, **options):
        results = verify_all()
        record_verifications(results)
        broken = [result.broken for result in results if not result.intact]
        checked = sum(result.checked for result in results)
        if broken:
            for link in broken:
                self.stderr.write(link.describe())
            raise CommandError(f"{len(broken)} audit chain(s) broken.", returncode=1)
        self.stdout.write(f"intact ({checked} events in {len(results)} chains)")
