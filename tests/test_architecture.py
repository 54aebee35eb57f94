"""docs/architecture.md draws the folders of ``cmo/`` as they are."""

from __future__ import annotations

import re

from .conftest import ROOT

PAGE = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "cmo"


def _drawn() -> list[str]:
    """The names in the page's tree (``models/``, ``io.py``...), in its order."""
    text = PAGE.read_text(encoding="utf-8")
    tree = text.split("## The folders", 1)[1].split("```text\ncmo/\n", 1)[1].split("```", 1)[0]
    return [re.match(r"\s+(\S+)", line).group(1) for line in tree.splitlines() if line.strip()]


def _actual() -> set[str]:
    """The packages of ``cmo/`` (folders with an ``__init__.py``) and its top-level modules."""
    packages = {f"{path.name}/" for path in PACKAGE.iterdir()
                if path.is_dir() and (path / "__init__.py").is_file()}
    modules = {path.name for path in PACKAGE.glob("*.py") if path.name != "__init__.py"}
    return packages | modules


def test_the_tree_in_the_architecture_page_is_the_folder_of_cmo():
    drawn = _drawn()
    twice = sorted({name for name in drawn if drawn.count(name) > 1})
    missing = sorted(_actual() - set(drawn))
    extra = sorted(set(drawn) - _actual())
    assert (missing, extra, twice) == ([], [], []), (
        f"docs/architecture.md: not in the tree: {missing}; in the tree but not in cmo/: "
        f"{extra}; named twice: {twice}")


def test_every_line_of_the_tree_says_what_it_holds():
    text = PAGE.read_text(encoding="utf-8")
    tree = text.split("```text\ncmo/\n", 1)[1].split("```", 1)[0]
    bare = [line.strip() for line in tree.splitlines() if len(line.split()) < 2]
    assert bare == []
