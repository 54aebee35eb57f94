"""Every kind of bad input gets one clear message, exit status 1, and no damaged output.

Each case runs the real ``cmo`` command in a subprocess. The message must name the file
and the place (line, id or field) and say what to do; there must be no traceback; an
output file that already existed must be byte-for-byte unchanged, and no temporary file
may be left beside it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import EXAMPLE

SENTINEL = b"an output the user already had\n"
GOOD = EXAMPLE.read_text(encoding="utf-8")


def _edit(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        assert old in GOOD, f"the worked example no longer contains {old!r}"
        return GOOD.replace(old, new, 1).encode("utf-8")
    return make


def _alias_bomb() -> bytes:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        name, previous = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


# name: (file name, how to make its bytes, fragments the message must contain)
CASES: dict[str, tuple[str, Callable[[], bytes], tuple[str, ...]]] = {
    "empty file": ("theory.yaml", lambda: b"", ("theory.yaml", "empty")),
    "only white space": ("theory.yaml", lambda: b"  \n\n", ("theory.yaml", "empty")),
    "binary file": ("theory.yaml", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                    ("theory.yaml", "binary")),
    "invalid UTF-8": ("theory.yaml", lambda: "title: café\n".encode("latin-1"),
                      ("theory.yaml", "line 1", "UTF-8")),
    "YAML syntax error": ("theory.yaml", lambda: b"title: x\nconfigurations:\n  - id: [a\n",
                          ("theory.yaml", "line ", "YAML syntax error")),
    "JSON syntax error": ("theory.json", lambda: b'{"title": "x",\n "configurations": [}\n',
                          ("theory.json", "line 2", "JSON syntax error")),
    "YAML duplicate key": ("theory.yaml", lambda: b"title: a\ntitle: b\n",
                           ("theory.yaml", "line 2", "'title' appears twice")),
    "billion laughs": ("theory.yaml", _alias_bomb, ("theory.yaml", "line ", "alias")),
    "YAML nested 100,000 deep": ("theory.yaml", lambda: b"[" * 100_000 + b"]" * 100_000,
                                 ("theory.yaml", "line 1", "deeper than")),
    "JSON nested 100,000 deep": ("theory.json", lambda: b"[" * 100_000 + b"]" * 100_000,
                                 ("theory.json", "line 1", "deeper than")),
    "not a mapping": ("theory.yaml", lambda: b"- just\n- a list\n",
                      ("theory.yaml", "holds a list of 2 items",
                       "not a theory in cmo's format (a mapping with 'configurations')")),
    "duplicate id": ("theory.yaml", _edit("- id: anchor-point", "- id: trust-through-skills"),
                     ("theory.yaml", "line ", "'trust-through-skills' is used twice")),
    "missing excerpt": ("theory.yaml", _edit("excerpt: tierney-hope", "excerpt: tierney-hoep"),
                        ("theory.yaml", "line ", "configuration 'hope-through-trust'",
                         "'tierney-hoep'", "did you mean 'tierney-hope'")),
    "missing source": ("theory.yaml",
                       _edit("source: griffiths2023", "source: griffith2023"),
                       ("theory.yaml", "line ", "excerpt 'griffiths-link-worker-role'",
                        "field 'source'", "did you mean 'griffiths2023'")),
    "missing element": ("theory.yaml", _edit("contexts: [trust]", "contexts: [trusts]"),
                        ("theory.yaml", "line ", "'trusts'", "did you mean 'trust'")),
    "mechanism with neither half": (
        "theory.yaml",
        _edit("      reasoning: Link worker cannot give patients the support the role intends",
              "      description: neither half is given"),
        ("theory.yaml", "line ", "configuration 'workload-threat'", "field 'mechanism'",
         "'resource', a 'reasoning' or both")),
    "unknown stance": ("theory.yaml", _edit("stance: refines", "stance: agrees"),
                       ("theory.yaml", "line ", "field 'stance'", "'agrees'", "supports")),
    "unknown field": ("theory.yaml", _edit("    contexts: [trust]", "    context: [trust]"),
                      ("theory.yaml", "line ", "unknown field 'context'",
                       "did you mean 'contexts'")),
    "configuration with one part": (
        "theory.yaml", _edit("""    mechanism:
      resource: Link worker refers the patient to external support
      reasoning: Patient cannot act on the referral given their circumstances
    outcomes: [not-connected]
""", ""),
        ("theory.yaml", "configuration 'structural-barriers'", "at least two")),
    "invalid id": ("theory.yaml", _edit("- id: anchor-point", "- id: anchor point"),
                   ("theory.yaml", "line ", "'anchor point' is not a valid id", "no spaces")),
}


def run_cmo(*arguments: str | Path, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cmo", *map(str, arguments)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=cwd, check=False)


def assert_clean_failure(result: subprocess.CompletedProcess[str], fragments: tuple[str, ...],
                         output: Path) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in message: {result.stderr}"
    assert output.read_bytes() == SENTINEL
    leftovers = [p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}")]
    assert leftovers == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gets_one_clear_message_and_exit_1(case: str, tmp_path: Path) -> None:
    name, make, fragments = CASES[case]
    (tmp_path / name).write_bytes(make())
    output = tmp_path / "theory.ttl"
    output.write_bytes(SENTINEL)
    result = run_cmo("export", tmp_path / name, "-o", output)
    assert_clean_failure(result, fragments, output)
    assert result.stderr.count("Error:") == 1


def test_a_file_that_does_not_exist(tmp_path: Path) -> None:
    output = tmp_path / "theory.ttl"
    output.write_bytes(SENTINEL)
    result = run_cmo("validate", tmp_path / "nowhere.yaml")
    assert_clean_failure(result, ("nowhere.yaml", "no such file", "check the path"), output)


@pytest.mark.parametrize(("command", "suffix"), [("export", ".xyz"), ("render", ".ttl"),
                                                 ("export", ".svg")])
def test_an_output_extension_we_cannot_write(command: str, suffix: str, tmp_path: Path) -> None:
    output = tmp_path / f"theory{suffix}"
    output.write_bytes(SENTINEL)
    result = run_cmo(command, EXAMPLE, "-o", output)
    assert_clean_failure(result, (output.name, "use one of", ".svg" if command == "render"
                                  else ".ttl"), output)


@pytest.mark.needs_dot
def test_dot_missing_from_path_says_how_to_install_graphviz(tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    output = tmp_path / "theory.svg"
    output.write_bytes(SENTINEL)
    result = run_cmo("render", EXAMPLE, "-o", output, env={"PATH": str(empty)})
    assert_clean_failure(result, ("dot", "apt-get install graphviz"), output)


def test_two_files_that_give_one_id_different_content(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(GOOD.replace("label: Trust gives a sense of hope",
                                  "label: Hope, differently"), encoding="utf-8")
    output = tmp_path / "theory.ttl"
    output.write_bytes(SENTINEL)
    result = run_cmo("export", EXAMPLE, other, "-o", output)
    assert_clean_failure(result, ("configuration 'hope-through-trust'", "other.yaml",
                                  "different content"), output)


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cmo("export", EXAMPLE).returncode == 2  # no -o
    assert run_cmo("no-such-command").returncode == 2
