"""The one direction of the code: file → index (read, parse, store, search) → qa (understand, look up,
compose, answer) → ui and app.py. Nothing runs back up, and the steps of understanding a question import
only the steps before them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("index", "qa", "ui")
# A package may import only the packages before it.
ALLOWED = {"index": {"index"}, "qa": {"index", "qa"}, "ui": {"index", "qa", "ui"}}
# Understanding a question, step by step: each module imports only the ones before it.
UNDERSTANDING = ("words", "known_places", "reading", "resolve_places", "years", "kind", "understand")


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_only_the_packages_before_it(package: str) -> None:
    for path in _modules(package):
        own = {name.split(".")[0] for name in _imported(path)} & {*PACKAGES, "app", "bench", "tests"}
        assert own <= ALLOWED[package], f"{path.relative_to(ROOT)} imports {sorted(own - ALLOWED[package])}"


def test_the_steps_of_understanding_import_only_earlier_steps() -> None:
    for index, step in enumerate(UNDERSTANDING):
        imported = {name.removeprefix("qa.") for name in _imported(ROOT / "qa" / f"{step}.py")}
        later = imported & set(UNDERSTANDING[index + 1 :])
        assert not later, f"qa/{step}.py imports later steps {sorted(later)}"


def test_the_app_is_thin() -> None:
    """app.py and ui/ call qa and the index's doors (parse a file, build, open): never the parser's parts."""
    parsing = {"index.tables", "index.metadata", "index.layout", "index.sections", "index.normalise"}
    for path in [ROOT / "app.py", *_modules("ui")]:
        assert not (_imported(path) & parsing), path.relative_to(ROOT)


def test_the_ui_reads_an_answers_parts_not_its_text_cut_up() -> None:
    for path in _modules("ui"):
        source = path.read_text(encoding="utf-8")
        assert ".text.split(" not in source and ".text.splitlines(" not in source, path.relative_to(ROOT)
