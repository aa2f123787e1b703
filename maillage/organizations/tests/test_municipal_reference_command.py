import pytest
from django.core.management import CommandError, call_command

from maillage.audit.models import AuditEvent
from maillage.organizations.models import Municipality, Region
from maillage.testing.shared import shared_file


@pytest.mark.django_db
def test_the_official_file_loads_all_municipalities_and_the_17_regions(capsys):
    path = shared_file("data", "quebec-municipalities.csv")
    call_command("load_municipalities", str(path))
    assert Municipality.objects.count() == 1281
    assert Region.objects.count() == 17
    assert Region.objects.get(code="11").name == "Gaspésie–Îles-de-la-Madeleine"
    assert Municipality.objects.get(code="66023").suggested_milieu == "urbain"
    assert Municipality.objects.get(code="62065").suggested_milieu == "rural"
    assert "Données Québec (CC BY 4.0)" in capsys.readouterr().out
    assert AuditEvent.objects.platform().filter(action="reference.municipalities.loaded").exists()
    # Loading again updates in place.
    call_command("load_municipalities", str(path))
    assert Municipality.objects.count() == 1281


@pytest.mark.django_db
def test_a_broken_file_writes_nothing(tmp_path):
    official = shared_file("data", "quebec-municipalities.csv").read_text(encoding="utf-8")
    lines = official.splitlines()
    lines[500] = lines[500].replace('"', "", 2)  # the code of line 501 loses its quotes and digits
    lines[500] = "x" + lines[500]
    broken = tmp_path / "MUN.csv"
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("load_municipalities", str(broken))
    assert Municipality.objects.count() == 0
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_municipalities", str(tmp_path / "absent.csv"))
