"""The test suite's own settings: a skip says why in the summary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_skipped_test_says_its_reason_in_the_summary(tmp_path: Path):
    (tmp_path / "test_skipping.py").write_text(
        "import pytest\n\n\n"
        "@pytest.mark.skip(reason='needs something this machine lacks')\n"
        "def test_skipped():\n    pass\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "-p", "no:randomly",
         "--rootdir", str(tmp_path), "-q", str(tmp_path / "test_skipping.py")],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SKIPPED [1] test_skipping.py:4: needs something this machine lacks" in result.stdout
