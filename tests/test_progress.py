"""Progress bars: shown on a real terminal and in a real notebook, silent everywhere else.

The terminal is a real pseudo-terminal (``pty``) running the real ``cmo`` command; the
notebook is a real kernel run by nbclient, whose progress lives in an ipywidgets Output.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cmo
from cmo.progress import Tracker, current, show_progress, tracking
from cmo.synthetic import synthetic_collection

CMO = [sys.executable, "-m", "cmo"]


@pytest.fixture(scope="module")
def big_theory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A theory big enough for progress rows: 1,000 configurations, a file over 1 MB."""
    path = tmp_path_factory.mktemp("progress") / "big.yaml"
    cmo.save(synthetic_collection(1_000, seed=7), path)
    assert path.stat().st_size > 2**20
    return path


def on_a_terminal(*argv: str | Path, cwd: Path) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as its standard input, output and error."""
    pid, descriptor = pty.fork()
    if pid == 0:  # the child: becomes the command
        os.chdir(cwd)
        os.execv(argv[0], [str(argument) for argument in argv])
    said = bytearray()
    while select.select([descriptor], [], [], 120)[0]:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        said += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), said.decode("utf-8", "replace")


def test_a_long_export_shows_its_rows_on_a_terminal_and_writes_the_same_file(
        big_theory: Path, tmp_path: Path) -> None:
    status, said = on_a_terminal(*CMO, "export", big_theory, "-o", "shown.ttl", cwd=tmp_path)
    assert status == 0, said
    assert "reading big.yaml" in said                       # a spinner while parsing
    assert "writing shown.ttl" in said                      # a bar while writing
    counts = said.split("writing shown.ttl")[-1]
    assert "/" in counts and "," in counts                  # resources written, of about how many
    assert "wrote shown.ttl" in said
    quiet = subprocess.run([*CMO, "export", str(big_theory), "-o", "piped.ttl"],
                           cwd=tmp_path, capture_output=True, text=True, check=True)
    assert quiet.stderr == ""                               # not a terminal: silent
    assert (tmp_path / "shown.ttl").read_bytes() == (tmp_path / "piped.ttl").read_bytes()


def test_quiet_silences_the_rows_on_a_terminal(big_theory: Path, tmp_path: Path) -> None:
    status, said = on_a_terminal(*CMO, "--quiet", "export", big_theory, "-o", "x.ttl",
                                 cwd=tmp_path)
    assert status == 0, said
    assert "reading" not in said and "writing" not in said
    assert said.strip() == "wrote x.ttl"


def test_small_work_shows_no_row_even_on_a_terminal(example_path: Path, tmp_path: Path) -> None:
    status, said = on_a_terminal(*CMO, "export", example_path, "-o", "x.ttl", cwd=tmp_path)
    assert status == 0, said
    assert said.strip() == "wrote x.ttl"


@pytest.mark.needs_dot
def test_laying_out_a_big_diagram_shows_a_row(tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    cmo.save(synthetic_collection(110, evidence_per_configuration=2, seed=3),
             tmp_path / "theory.yaml")
    status, said = on_a_terminal(*CMO, "render", "theory.yaml", "-o", "theory.svg",
                                 cwd=tmp_path)
    assert status == 0, said
    assert "laying out the diagram (SVG) with dot" in said
    assert (tmp_path / "theory.svg").read_text(encoding="utf-8").rstrip().endswith("</svg>")


def test_rows_nest_and_count_what_they_track() -> None:
    previous = show_progress(True)
    try:
        with tracking("outer", total=2) as outer:
            assert outer.shown and current() is outer
            with tracking("inner") as inner:
                inner.expect(3)
                assert list(inner.track(iter("abc"))) == ["a", "b", "c"]
                assert current() is inner
            assert current() is outer
            outer.advance(2)
        assert not current().shown
    finally:
        show_progress(previous)


def test_silent_rows_hand_the_work_back_untouched() -> None:
    previous = show_progress(False)
    try:
        items = [1, 2, 3]
        with tracking("anything", total=10**9) as row:
            assert type(row) is Tracker and not row.shown
            assert row.track(items) is items                # no wrapper: no cost
    finally:
        show_progress(previous)


def test_a_notebook_shows_the_bar_in_an_output_widget(tmp_path: Path) -> None:
    pytest.importorskip("ipywidgets")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "import cmo\nfrom cmo.synthetic import synthetic_collection\n"
        "cmo.save(synthetic_collection(1500, evidence_per_configuration=2, seed=1), "
        "'big.yaml')")]
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    shown = [output["data"]["text/plain"] for model in state.values()
             if model["model_name"] == "OutputModel"
             for output in model["state"]["outputs"] if "data" in output]
    assert any("writing big.yaml" in text for text in shown), shown
    assert (tmp_path / "big.yaml").is_file()
