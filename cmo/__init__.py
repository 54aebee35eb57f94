"""cmo: realist evaluation in Python.

Context-mechanism-outcome configurations (CMOCs) with their evidence, merged into a
programme theory you can query, draw with Graphviz and publish as linked data.
"""

# Attaches the notebook display hooks (``_repr_html_``) to the values that have no
# presentation code of their own.
from . import notebook  # noqa: F401
from .exceptions import (
    CmoError,
    CmoWarning,
    DotNotFoundError,
    InputError,
    OutputError,
    Problem,
    RenderError,
    UnsupportedFormatError,
    UnsupportedOptionError,
)
from .io import load, read, save
from .models import (
    Actor,
    Collection,
    Configuration,
    Context,
    Element,
    Evidence,
    Excerpt,
    Intervention,
    Mechanism,
    Outcome,
    Source,
)
from .theory.graph import Chain, ProgrammeTheory, merge_collections
from .theory.support import Support, support_of

__all__ = [
    "Actor",
    "Chain",
    "CmoError",
    "CmoWarning",
    "Collection",
    "Configuration",
    "Context",
    "DotNotFoundError",
    "Element",
    "Evidence",
    "Excerpt",
    "InputError",
    "Intervention",
    "Mechanism",
    "Outcome",
    "OutputError",
    "Problem",
    "ProgrammeTheory",
    "RenderError",
    "Source",
    "Support",
    "UnsupportedFormatError",
    "UnsupportedOptionError",
    "load",
    "merge_collections",
    "read",
    "save",
    "support_of",
]

__version__ = "0.1.0"
