"""Reference lists from Zotero, Mendeley or EndNote as publication sources.

Export the references of a realist review as BibTeX (``.bib``), RIS (``.ris``) or CSL-JSON
(``.json``), or a PubMed search as MEDLINE (``.nbib``), and read them with
:func:`cmo.io.read` (or ``cmo import refs.bib -o sources.yaml``): each reference becomes a
``publication`` source with its DOI, a readable citation and an id made from its key, so
excerpts can cite it. See ``docs/references.md``.
"""

from __future__ import annotations

from .bibtex import read_bibtex
from .csl_json import read_csl_json
from .medline import read_medline
from .ris import read_ris

__all__ = ["read_bibtex", "read_csl_json", "read_medline", "read_ris"]
