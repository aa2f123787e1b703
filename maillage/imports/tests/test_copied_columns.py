"""The columns contacts and referrals copy from elsewhere (their family's organization, a
contact's lists as bits) hold the same values whichever path wrote the row: the model's
save(), the import's bulk writer or the dataset generator. All three take them from
``Contact.copies`` and ``Referral.copies``."""

from django.core.management import call_command

from maillage.accompaniment.models import Contact
from maillage.accompaniment.services import record_contact
from maillage.imports.services import Upload, import_history
from maillage.referrals.models import Referral
from maillage.testing.builders import make_family
from maillage.testing.builders.referrals import make_referral

from .builders import CONTACT_HEADERS, FAMILY_HEADERS, workbook

REFERRAL_HEADERS = ["code_famille", "date", "intervenant", "besoin", "partenaire", "statut"]


def _set_at_creation(field) -> bool:
    """The row's id, uuid and day or time of creation: drawn when it is written, not copied."""
    drawn = field.has_default() and callable(field.default)
    return field.primary_key or drawn or getattr(field, "auto_now_add", False)


def copied_columns(model) -> set[str]:
    """What a row copies: its columns no form edits, other than those set at its creation.
    A column added with ``editable=False`` and forgotten in ``copies()`` shows up here."""
    return {
        field.attname
        for field in model._meta.concrete_fields
        if not field.editable and not _set_at_creation(field)
    }


def write_by_every_path(pg, ptp, org):
    """A contact and a referral by the services (save()), by the import and by the generator
    (the generator's organizations beside ``org``); the family of the services."""
    family = make_family(org, ptp)
    record_contact(
        ptp, family, {"mode": "phone", "duration_minutes": 10, "needs": ["food", "housing"]}
    )
    make_referral(family, ptp)
    content = workbook(
        {
            "familles": [FAMILY_HEADERS, ["H-001", "2025-01-06", "verbal", ptp.email, ""]],
            "contacts": [
                [*CONTACT_HEADERS, "besoins", "interventions"],
                ["H-001", "2025-01-06", ptp.email, "home_visit", 45, "safety", "listening"],
            ],
            "references": [
                REFERRAL_HEADERS,
                ["H-001", "2025-02-01", ptp.email, "food", "Comptoir", "proposed"],
            ],
        }
    )
    report = import_history(pg, org, Upload("historique.xlsx", content), dry_run=False)
    assert report.ok, [problem.message for problem in report.problems]
    call_command(
        "generate_dataset",
        "--scale=tiny",
        "--seed=3",
        "--end-date=2026-06-30",
        "--fictional-municipalities",
        "--force",
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - closed with the process
    )
    return family


def test_every_contact_holds_the_copies_of_its_family_and_lists(pg, ptp, org):
    family = write_by_every_path(pg, ptp, org)

    columns = list(Contact.copies(None, needs=(), interventions=()))
    assert set(columns) == copied_columns(Contact)
    rows = Contact.objects.across_organizations("test").values_list(
        "family__organization_id", "needs", "interventions", *columns, "family__code"
    )
    by_path = {"service": 0, "import": 0, "generator": 0}
    for organization_id, needs, interventions, *copies, code in rows:
        expected = Contact.copies(organization_id, needs=needs, interventions=interventions)
        assert dict(zip(columns, copies, strict=True)) == expected
        path = (
            "generator" if organization_id != org.pk else "import" if code == "H-001" else "service"
        )
        by_path[path] += 1
    assert all(by_path.values()), by_path
    assert Contact.objects.across_organizations("test").get(family=family).needs_bits == 0b11


def test_every_referral_holds_the_copies_of_its_family(pg, ptp, org):
    write_by_every_path(pg, ptp, org)

    columns = list(Referral.copies(None))
    assert set(columns) == copied_columns(Referral)
    rows = Referral.objects.across_organizations("test").values_list(
        "family__organization_id", *columns, "family__code"
    )
    by_path = {"service": 0, "import": 0, "generator": 0}
    for organization_id, *copies, code in rows:
        assert dict(zip(columns, copies, strict=True)) == Referral.copies(organization_id)
        path = (
            "generator" if organization_id != org.pk else "import" if code == "H-001" else "service"
        )
        by_path[path] += 1
    assert all(by_path.values()), by_path
