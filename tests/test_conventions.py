"""Tests use what the generator makes public and share helpers through helper modules, never through test files.

A private name (one starting with `_`) may change with any refactoring; a test that imports it pins the inside
of a module instead of its behaviour. A test file imported by another runs its module-level code twice and ties
two test files together; what tests share lives in conftest.py or a helper module (synthetic.py, site_files.py,
refused_files.py, minimal_pdf.py, published_pdf.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

def imported(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str | None]]:
    """(module, name) for each name an import statement brings in; name is None for `import module`."""
    if isinstance(node, ast.Import):
        return [(alias.name, None) for alias in node.names]
    return [(node.module or "", alias.name) for alias in node.names]


def breaks_the_rules(module: str, name: str | None) -> bool:
    """Whether importing `name` from `module` reaches into the generator's privates or into a test file."""
    parts = module.split(".")
    private = parts[0] == "generator" and any(part.startswith("_") for part in [*parts, name or ""])
    return private or parts[0].startswith("test_")


def imports_breaking_the_rules(folder: Path) -> list[str]:
    """Every import in the Python files of `folder` that breaks the rules, as 'file: from module import name'."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                where = path.relative_to(folder).as_posix()
                found += [f"{where}: from {module} import {name}" if name else f"{where}: import {module}"
                          for module, name in imported(node) if breaks_the_rules(module, name)]
    return found


def test_no_test_imports_a_private_name_of_the_generator_or_another_test_file() -> None:
    assert sorted(imports_breaking_the_rules(TESTS)) == []


def test_the_rules_catch_private_names_private_modules_and_test_files(tmp_path: Path) -> None:
    (tmp_path / "test_example.py").write_text(
        "import generator.cli\nfrom generator.cli import main\nfrom synthetic import communication\n"
        "from generator.cli import _parser\nfrom generator._inner import anything\nimport test_site\n"
        "def later():\n    from test_load import bounded\n", encoding="utf-8")
    assert imports_breaking_the_rules(tmp_path) == [
        "test_example.py: from generator.cli import _parser", "test_example.py: from generator._inner import anything",
        "test_example.py: import test_site", "test_example.py: from test_load import bounded"]
