"""--redact, --key and --drop on the command line: exports and reports without participants."""

from __future__ import annotations

import html

import pytest

import cmo
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source

from ..conftest import EXAMPLE
from ..test_bad_input import run_cmo

SECRET = "SECRET-QUOTE-CLI"  # synthetic


def _study(tmp_path):
    interview = Source(id="p07-interview", kind="interview", participant="P07", site="Site A")
    quote = Excerpt(id="p07-q1", source=interview, text=f"Synthetic {SECRET} words")
    theory = Collection(id="study", version="v1", configurations=[Configuration(
        id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="supports")])])
    return cmo.save(theory, tmp_path / "study.yaml")


def test_export_and_report_with_redact_leave_out_quotes_and_participants(tmp_path):
    study = _study(tmp_path)
    for output in ("shared.yaml", "shared.ttl", "report.html"):
        command = "report" if output.endswith(".html") else "export"
        result = run_cmo(command, study, "-o", tmp_path / output, "--redact",
                         "--drop", "source.site")
        assert result.returncode == 0, result.stderr
        text = (tmp_path / output).read_text(encoding="utf-8")
        for secret in (SECRET, "P07", "p07", "Site A"):
            assert secret not in text, (output, secret)
    shared = cmo.read(tmp_path / "shared.yaml")
    assert len(shared.excerpts) == 1 and shared.sources[0].participant.startswith("P-")


def test_a_key_file_gives_the_same_pseudonyms_in_two_exports(tmp_path):
    from cmo.sharing.keys import new_key

    study, key = _study(tmp_path), new_key(tmp_path / "team.key")
    for name in ("one.yaml", "two.yaml"):
        assert run_cmo("export", study, "-o", tmp_path / name, "--key", key).returncode == 0
    one, two = cmo.read(tmp_path / "one.yaml"), cmo.read(tmp_path / "two.yaml")
    assert one.sources[0].participant == two.sources[0].participant


def test_bad_redaction_options_get_one_message(tmp_path):
    study = _study(tmp_path)
    result = run_cmo("export", study, "-o", tmp_path / "x.yaml", "--drop", "source.sight")
    assert result.returncode == 1 and "source.site" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.yaml").exists()
    missing = run_cmo("export", study, "-o", tmp_path / "x.yaml", "--key", tmp_path / "no.key")
    assert missing.returncode == 1 and "no.key" in missing.stderr


def _example_with_a_participant(tmp_path):
    """The worked example, with a synthetic interview of P07 named in its title, a theme,
    a configuration's id and label, and an element."""
    example = cmo.read(EXAMPLE)
    interview = Source(id="p07-interview", kind="interview", participant="P07")
    quote = Excerpt(id="p07-q1", source=interview, text=f"Synthetic {SECRET} words")
    case = Configuration(
        id="p07-case", label="What P07 went through", theme="Cases like P07",
        contexts=[{"label": "Housing of P07 is insecure"}],
        mechanism={"reasoning": "P07 has no capacity"}, outcomes=[{"label": "Hope"}],
        evidence=[Evidence(excerpt=quote, stance="refutes")])
    study = Collection.model_validate({
        **example.__dict__, "title": "Social prescribing, with P07 (synthetic)",
        "configurations": (*example.configurations, case)})
    return cmo.save(study, tmp_path / "study.yaml")


@pytest.mark.needs_dot
def test_render_with_redact_draws_pseudonyms_not_participant_ids(tmp_path):
    from cmo.sharing.keys import new_key, read_key
    from cmo.sharing.pseudonyms import pseudonyms

    study, key = _example_with_a_participant(tmp_path), new_key(tmp_path / "team.key")
    name = pseudonyms(["P07"], key=read_key(key))["P07"]
    for output, more in (("theory.svg", ()), ("theory.mmd", ()), ("theory.txt", ()),
                         ("summary.svg", ("--summary",)), ("ids.gv", ("--labels", "id"))):
        result = run_cmo("render", study, "-o", tmp_path / output, "--key", key, *more)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"wrote {tmp_path / output} (redacted)\n"
        # SVG writes a hyphen as &#45;
        text = html.unescape((tmp_path / output).read_text(encoding="utf-8"))
        assert "p07" not in text.casefold(), output
        assert name in text, output
    plain = run_cmo("render", study, "-o", tmp_path / "plain.svg")
    assert "P07" in (tmp_path / "plain.svg").read_text(encoding="utf-8"), plain.stderr


def test_render_with_redact_chooses_the_part_by_the_ids_given(tmp_path):
    """--configuration names the id the team knows; the diagram shows its new id."""
    from cmo.sharing.keys import new_key, read_key
    from cmo.sharing.pseudonyms import pseudonyms

    study, key = _example_with_a_participant(tmp_path), new_key(tmp_path / "team.key")
    name = pseudonyms(["P07"], key=read_key(key))["P07"]
    full = run_cmo("render", study, "-o", tmp_path / "all.gv")
    number = next(line for line in (tmp_path / "all.gv").read_text(encoding="utf-8").splitlines()
                  if "CMOC" in line and "p07-case" in line and "tooltip" in line)
    result = run_cmo("render", study, "-o", tmp_path / "part.gv", "--key", key,
                     "--configuration", "p07-case", "--theme", "cases like p07")
    assert (full.returncode, result.returncode) == (0, 0), result.stderr
    text = (tmp_path / "part.gv").read_text(encoding="utf-8")
    assert "p07" not in text.casefold() and f"{name}-case" in text
    assert "1 configuration" in text
    # Its number is the one it has in the whole theory (the 12th configuration).
    assert "CMOC 12" in number and "CMOC 12" in text


def test_render_with_a_bad_drop_gets_one_message(tmp_path):
    study = _study(tmp_path)
    result = run_cmo("render", study, "-o", tmp_path / "x.gv", "--drop", "source.sight")
    assert result.returncode == 1 and "did you mean 'source.site'?" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.gv").exists()


@pytest.mark.needs_dot
def test_save_with_a_redaction_draws_pseudonyms(tmp_path):
    from cmo.sharing.pseudonyms import pseudonyms
    from cmo.sharing.redaction import Redaction

    key = b"synthetic test key, 32 bytes ok!"
    study = cmo.load(_example_with_a_participant(tmp_path))
    path = cmo.save(study, tmp_path / "theory.svg", redaction=Redaction(key=key))
    text = html.unescape(path.read_text(encoding="utf-8"))
    assert "p07" not in text.casefold() and pseudonyms(["P07"], key=key)["P07"] in text
