"""The public API is pinned: a change to it is a decision, not an accident."""

from __future__ import annotations

import cmo


def test_public_api():
    assert cmo.__all__ == [
        "Actor", "Chain", "CmoError", "CmoWarning", "Collection", "Configuration", "Context",
        "DotNotFoundError", "Element", "Evidence", "Excerpt", "InputError", "Intervention",
        "Mechanism", "Outcome", "OutputError", "Problem", "ProgrammeTheory", "RenderError",
        "Source", "Support", "UnsupportedFormatError", "UnsupportedOptionError", "load", "merge_collections", "read", "save",
        "support_of",
    ]


def test_errors_refine_the_builtins():
    assert issubclass(cmo.InputError, ValueError)
    assert issubclass(cmo.UnsupportedFormatError, ValueError)
    assert issubclass(cmo.DotNotFoundError, FileNotFoundError)
    assert issubclass(cmo.OutputError, OSError)
    assert issubclass(cmo.UnsupportedOptionError, TypeError)


def test_importing_cmo_does_not_import_the_writers():
    import subprocess
    import sys

    code = "import sys, cmo; print(sorted(m for m in sys.modules if m in {'rdflib', 'graphviz'}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
