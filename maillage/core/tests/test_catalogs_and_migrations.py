"""CI fails on missing migrations and on stale or incomplete translation catalogs."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]
CATALOG = ROOT / "maillage" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exc:  # --check exits non-zero when a migration is missing
        missing = exc.code
    else:
        missing = 0
    assert not missing, f"Missing migrations:\n{out.getvalue()}"


def test_the_french_catalog_is_complete():
    catalog = polib.pofile(str(CATALOG))
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    assert len(catalog) > 100


def test_the_compiled_catalog_matches_its_source():
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(CATALOG))
        if not e.obsolete
    }
    compiled = polib.mofile(str(CATALOG.with_suffix(".mo")))
    built = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in compiled}
    for key, (msgstr, plural) in source.items():
        got = built.get(key)
        assert got is not None, f"{key[1]!r} is not compiled: run `make messages`"
        if plural:
            assert {int(k): v for k, v in got[1].items()} == {int(k): v for k, v in plural.items()}
        else:
            assert got[0] == msgstr, f"{key[1]!r} is compiled from an older translation"


def test_the_catalog_holds_every_string_of_the_code(tmp_path):
    """Extract the strings again into a copy and compare with the committed catalog."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext is required in CI (apt-get install gettext).")
        pytest.skip("GNU gettext is not installed: apt-get install gettext")
    copy = tmp_path / "maillage"
    shutil.copytree(ROOT / "maillage", copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    environ = os.environ | {"DEBUG": "true", "PYTHONPATH": str(tmp_path)}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
            "--add-location=file",
            "-i",
            "testing",
        ],
        cwd=tmp_path,
        env=environ,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(CATALOG)) if not e.obsolete}
    missing, stale = fresh - committed, committed - fresh
    assert not missing, f"Run `make messages` and translate: {sorted(missing)[:10]}"
    assert not stale, f"Run `make messages` to drop: {sorted(stale)[:10]}"


#: The names makemessages (xgettext) looks for. A translation function imported under
#: another name (``gettext as _g``) is never extracted: its strings stay in English.
EXTRACTED = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
             "pgettext_lazy", "npgettext", "npgettext_lazy", "gettext_noop"}  # fmt: skip


def test_translation_functions_keep_names_makemessages_knows():
    import ast

    wrong = []
    for path in sorted(ROOT.joinpath("maillage").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for name in node.names:
                    if "gettext" in name.name and (name.asname or name.name) not in EXTRACTED:
                        wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name.asname}")
    assert not wrong, "\n".join(wrong)
