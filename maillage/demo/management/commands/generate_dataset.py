from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maillage.demo.dataset_generator import SCALES, DatasetGenerator, DatasetRefused, count_rows

#: Where the shared reference data sits beside the project (see ../shared/data/README.md).
DEFAULT_REFERENCE = Path(settings.BASE_DIR).parent / "shared" / "data" / "quebec-municipalities.csv"


class Command(BaseCommand):
    help = (
        "Fill the database with a fictional dataset (organizations over Quebec's regions, "
        "their teams, families, outreach, contacts, referrals...). For benchmarks and "
        "demonstrations; refuses a database that already holds organizations unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        parser.add_argument(
            "--end-date",
            type=date.fromisoformat,
            default=None,
            help="Last day of the three years of history (YYYY-MM-DD; default: today).",
        )
        parser.add_argument(
            "--reference",
            type=Path,
            default=None,
            help=(
                "The municipal reference (MUN.csv format) to load when the database has no "
                f"municipality yet (default: {DEFAULT_REFERENCE} when present)."
            ),
        )
        parser.add_argument(
            "--fictional-municipalities",
            action="store_true",
            help="Make up municipalities in the 17 regions instead of loading the reference.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the dataset to a database that already holds organizations.",
        )

    def handle(self, *args, scale, seed, end_date, reference, fictional_municipalities, force,
               **options):  # fmt: skip
        from django.utils import timezone

        try:
            DatasetGenerator.check_database(scale, force)
        except DatasetRefused as exc:
            raise CommandError(str(exc)) from exc
        if fictional_municipalities:
            reference = None
        elif reference is None and DEFAULT_REFERENCE.exists():
            reference = DEFAULT_REFERENCE
        elif reference is not None and not reference.exists():
            raise CommandError(f"{reference} does not exist.")
        end = end_date or timezone.localdate()
        self.stdout.write(f"Generating the {scale} dataset (seed {seed}, history up to {end}):")
        generator = DatasetGenerator(
            SCALES[scale], seed, end, reference, say=lambda line: self.stdout.write(line)
        )
        report = generator.run()
        self.stdout.write(f"Done in {report.seconds['total']:.1f} s.")
        for table, rows in count_rows().items():
            self.stdout.write(f"  {table:<22} {rows:>10,}")
