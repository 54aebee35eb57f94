"""--redact, --key and --drop on the command line: exports and reports without participants."""

from __future__ import annotations

import cmo
from cmo.models import Collection, Configuration, Evidence, Excerpt, Source

from .test_bad_input import run_cmo

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
    from cmo.redaction import new_key

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
