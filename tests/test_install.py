"""How the project is installed: its distribution name, its extras, its install messages."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_is_not_the_unrelated_cmo_on_pypi():
    # 'cmo' on PyPI is a benchmark suite; the import name and the command stay cmo.
    assert PROJECT["name"] == "cmo-realist"
    assert PROJECT["scripts"] == {"cmo": "cmo.cli:main"}


def test_the_all_extra_installs_every_optional_extra_but_the_test_tools():
    extras = PROJECT["optional-dependencies"]
    [requirement] = extras["all"]
    name, _, listed = requirement.rstrip("]").partition("[")
    assert name == "cmo-realist"
    assert set(listed.split(",")) == set(extras) - {"all", "test"}


def test_every_install_message_names_the_distribution():
    """``pip install cmo`` would install the unrelated project: no message may say it."""
    texts = [*(ROOT / "cmo").rglob("*.py"), *(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
    installed = [(path.relative_to(ROOT).as_posix(), name)
                 for path in texts
                 for name in re.findall(r"pip install(?:\s+-[-\w]+)*\s+['\"]?([\w.-]+)",
                                        path.read_text(encoding="utf-8"))]
    assert ("README.md", "cmo-realist") in installed
    assert [(path, name) for path, name in installed if name == "cmo"] == []
