"""Layers point one way: an app imports only the apps on the floors below it.

Every module of ``maillage/`` but the tests and the migrations is parsed (imports inside
functions included); an import of an app on a higher floor, or of a peer on the same floor,
fails, naming the file and the line. A lower app that must tell a higher one uses a signal
(``organizations/signals.py``, ``referrals/signals.py``) or a registry (``families/page.py``);
see docs/architecture.md#layers. Every app must be given a floor, so a new one is placed.
"""

import ast
from pathlib import Path

import maillage

ROOT = Path(maillage.__file__).parent

#: Lowest first. An app may import the apps of the floors below its own.
FLOORS = (
    ("lib", "formats"),
    ("core",),
    ("audit",),
    ("accounts",),
    ("organizations",),
    ("outreach", "partners", "privacy"),
    ("families",),
    ("accompaniment", "referrals", "rights"),
    ("gaps", "collaboration", "retention"),
    ("evaluation", "supervision", "reports", "research", "imports"),
    ("shell",),
    ("demo", "testing"),
)
#: Peers on one floor that may import each other, (importer, imported): none today.
PEERS = frozenset()

FLOOR_OF = {app: floor for floor, apps in enumerate(FLOORS) for app in apps}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(tree: ast.AST, module: str, *, is_package: bool = False):
    """(line, absolute module name) of every import in ``tree``, at any depth."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            yield node.lineno, name
            # ``from maillage import demo``, ``from . import views``: a name may be a module.
            for alias in node.names:
                yield node.lineno, f"{name}.{alias.name}"


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "maillage" or len(parts) < 2 or parts[1] not in FLOOR_OF:
        return None
    return parts[1]


def violations_in(source: str, path: Path) -> list[str]:
    """The imports of one module that point up (or sideways to a peer not allowed)."""
    module = _module_name(path)
    importer = app_of(module)
    if importer is None:  # the project's own modules (settings, urls) stand above the apps
        return []
    tree = ast.parse(source, filename=str(path))
    found, seen = [], set()
    imports = sorted(imported_modules(tree, module, is_package=path.name == "__init__.py"))
    for line, name in imports:
        imported = app_of(name)
        if imported is None or imported == importer or (line, imported) in seen:
            continue
        seen.add((line, imported))
        below = FLOOR_OF[imported] < FLOOR_OF[importer]
        peer = FLOOR_OF[imported] == FLOOR_OF[importer] and (importer, imported) in PEERS
        if not (below or peer):
            where = path.relative_to(ROOT.parent)
            found.append(
                f"{where}:{line}: {importer} (floor {FLOOR_OF[importer]}) imports {name} "
                f"({imported}, floor {FLOOR_OF[imported]})"
            )
    return found


def _application_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def test_no_app_imports_an_app_above_it_or_beside_it():
    found = [
        violation
        for path in _application_modules()
        for violation in violations_in(path.read_text(encoding="utf-8"), path)
    ]
    assert found == []


def test_every_app_has_a_floor_and_every_floor_names_an_app():
    packages = {
        path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name != "__pycache__"
    }
    assert packages - FLOOR_OF.keys() == set(), "give the new app a floor in FLOORS"
    assert FLOOR_OF.keys() - packages == set(), "FLOORS names an app that no longer exists"


def test_an_import_pointing_up_is_caught_wherever_it_is_written():
    """The check itself: a synthetic kernel module that reaches up in four ways."""
    source = "\n".join(
        [
            "from maillage.lib import env",  # 1: down, allowed
            "from .tenancy import TenantModel",  # 2: own app
            "import maillage.shell.middleware",  # 3: up
            "def f():",
            "    from maillage.families.models import Family",  # 5: up, inside a function
            "    from ..referrals import selectors",  # 6: up, relative
            "from maillage import demo",  # 7: up, through the package
        ]
    )
    found = violations_in(source, ROOT / "core" / "synthetic.py")
    assert [violation.split(": ")[0] for violation in found] == [
        "maillage/core/synthetic.py:3",
        "maillage/core/synthetic.py:5",
        "maillage/core/synthetic.py:6",
        "maillage/core/synthetic.py:7",
    ]
    assert "imports maillage.families.models (families, floor 6)" in found[1]


def test_peers_on_one_floor_do_not_import_each_other_unless_allowed():
    source = "from maillage.referrals.models import Referral\n"
    assert violations_in(source, ROOT / "accompaniment" / "synthetic.py") != []
    assert violations_in(source, ROOT / "gaps" / "synthetic.py") == []


def test_only_url_modules_import_views():
    """Views never import other views: what another page reads is in ``selectors.py``."""
    found = [
        f"{path.relative_to(ROOT.parent)}:{line}: {name}"
        for path in _application_modules()
        if path.name != "urls.py"
        for line, name in imported_modules(
            ast.parse(path.read_text(encoding="utf-8")),
            _module_name(path),
            is_package=path.name == "__init__.py",
        )
        if name.startswith("maillage.") and (name.split(".")[-1] == "views" or ".views." in name)
    ]
    assert found == []
