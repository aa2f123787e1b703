"""manage.py import_history: the web import's checks and report, from the command line."""

import pytest
from django.core.management import CommandError, call_command

from maillage.audit.models import AuditEvent
from maillage.families.models import Family
from maillage.imports.models import HistoryImport
from maillage.outreach.models import OutreachActivity

from .builders import good_history, template_for, workbook


@pytest.fixture
def template_file(tmp_path, org, pg):
    path = tmp_path / "modele-historique.xlsx"
    path.write_bytes(template_for(org, pg))
    return path


def test_the_template_imports_from_the_command_line(template_file, org, pg, capsys):
    call_command(
        "import_history", str(org.uuid), str(template_file), "--actor", pg.email, "--language", "en"
    )

    out = capsys.readouterr().out
    assert "Families\t1" in out and "Referrals\t1" in out
    assert "The history was imported." in out
    assert Family.objects.for_org(org).get().code == "F-EXEMPLE-1"
    record = HistoryImport.objects.for_org(org).get()
    assert (record.status, record.created_by) == ("imported", pg)
    assert AuditEvent.objects.for_org(org).get(action="history.imported").actor == pg


def test_a_dry_run_prints_the_counts_and_writes_nothing(template_file, org, capsys):
    call_command("import_history", str(org.uuid), str(template_file), "--dry-run")

    out = capsys.readouterr().out
    assert "\t1" in out
    assert not Family.objects.for_org(org).exists()
    assert not HistoryImport.objects.for_org(org).exists()


def test_a_broken_file_prints_each_problem_and_fails(tmp_path, org, pg, capsys):
    sheets = good_history(pg, families=5)
    sheets["membres"][3][2] = "deux mille"
    sheets["contacts"][5][2] = "someone@example.org"
    path = tmp_path / "historique.xlsx"
    path.write_bytes(workbook(sheets))

    with pytest.raises(CommandError) as failure:
        call_command("import_history", str(org.uuid), str(path), "--language", "en")

    assert failure.value.returncode == 1
    assert "2 problems" in str(failure.value)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "membres\t4\tannee_naissance\tWrite a whole number, 0 or more.",
        "contacts\t6\tintervenant\t"
        "No member of your organization has the e-mail address “someone@example.org”.",
    ]
    assert not Family.objects.for_org(org).exists()
    assert not OutreachActivity.objects.for_org(org).exists()


def test_an_actor_outside_the_organization_is_refused(template_file, org, outsider):
    with pytest.raises(CommandError, match="not a member"):
        call_command("import_history", str(org.uuid), str(template_file), "--actor", outsider.email)

    assert not Family.objects.for_org(org).exists()


def test_an_unknown_organization_is_refused(template_file, db):
    with pytest.raises(CommandError, match="No organization"):
        call_command("import_history", "not-a-uuid", str(template_file))
