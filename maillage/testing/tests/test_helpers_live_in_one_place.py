"""Test helpers have one home: builders shared by several apps in maillage/testing/builders/,
the fixtures of a folder in its conftest.py; a test module never takes them from another
app's tests/builders.py, nor from another test module."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

#: Test modules that others read on purpose: the permission matrix and the lists of the
#: security suite are what the walks over every URL are made of.
SHARED_TEST_MODULES = {
    "maillage.core.tests.test_permission_matrix",
    "maillage.core.tests.test_security_suite",
}


def _imports(path: Path):
    """(line, module) of every import in ``path``, relative ones made absolute."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            yield node.lineno, module
            # ``from . import test_x`` names the module in the imported names.
            yield from ((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)


def _misplaced(path: Path):
    app = path.relative_to(PACKAGE).parts[0]
    for line, module in _imports(path):
        parts = module.split(".")
        if len(parts) < 4 or parts[0] != "maillage" or parts[2] != "tests":
            continue
        imported = ".".join(parts[:4])
        another_apps_builders = parts[3] == "builders" and parts[1] != app
        a_test_module = parts[3].startswith("test_") and imported not in SHARED_TEST_MODULES
        if another_apps_builders or a_test_module:
            yield f"{path.relative_to(PACKAGE.parent)}:{line}: {imported}"


def test_no_test_takes_its_helpers_from_another_apps_tests_or_another_test_module():
    misplaced = {where for path in PACKAGE.glob("*/tests/*.py") for where in _misplaced(path)}
    # The last one left: families' form data, to be moved to families/tests/builders.py.
    assert misplaced == {
        "maillage/families/tests/test_family_code.py:11: maillage.families.tests.test_families"
    }
