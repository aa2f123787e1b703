from django.core.management.base import BaseCommand

from maillage.demo import demo


class Command(BaseCommand):
    help = "Load the fictional demonstration (once: does nothing if it is already there)."

    def handle(self, *args, **options):
        if demo.demo_is_loaded():
            self.stdout.write("The fictional demo is already loaded.")
            people = demo.demo_people()
        else:
            people = demo.load_demo()
            self.stdout.write(self.style.SUCCESS("The fictional demo was loaded."))
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration (fictifs) · Demo accounts (fictional)")
        self.stdout.write(f"Mot de passe · password: {demo.DEMO_PASSWORD}")
        for person in people:
            where = person.organization or "plateforme / platform"
            self.stdout.write(f"  {person.email:<42} {person.role:<10} {where}")
        self.stdout.write("")
        self.stdout.write(
            "Gestionnaires et admin: code à deux facteurs · managers and admin: two-factor code:"
        )
        self.stdout.write(f"  clé TOTP · TOTP key {demo.DEMO_TOTP_SECRET} (or: make demo-code)")
