from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.lib.municipal_reference import ReferenceFileError, parse_reference
from maillage.organizations.models import MUNICIPAL_ATTRIBUTION
from maillage.organizations.services import load_municipal_reference


class Command(BaseCommand):
    help = (
        "Load Quebec's administrative regions and municipalities from a file in the official "
        "CSV format of the Répertoire des municipalités du Québec (MUN.csv, Données Québec). "
        "Every row is checked first; on any error nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Path to MUN.csv (official format).")

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text.") from exc
        try:
            records = parse_reference(text)
        except ReferenceFileError as exc:
            for error in exc.errors[:50]:
                self.stderr.write(f"line {error.line}, column {error.column}: {error.message}")
            raise CommandError(f"{exc} Nothing was written.") from exc
        created, updated = load_municipal_reference(records)
        self.stdout.write(
            f"{len(records)} municipalities: {created} created, {updated} updated.\n"
            f"{MUNICIPAL_ATTRIBUTION}"
        )
