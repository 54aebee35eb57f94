"""Tests of reading reference lists (BibTeX, RIS, CSL-JSON) as publication sources.

The seed publications are the two of the worked example, with their real bibliographic
facts; any other entry is synthetic and says so in its title.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

from cmo.exceptions import CmoWarning
from cmo.models import Collection

#: The seed publications' ids and DOIs.
SEED_DOIS = {"tierney2024": "10.3310/ETND8254", "griffiths2023": "10.4236/jss.2023.115006"}
TIERNEY_TITLE = ("Patient buy-in to social prescribing through link workers as part of "
                 "person-centred care: a realist evaluation")
TIERNEY_CITATION = (f"Tierney, S. et al. (2024). {TIERNEY_TITLE}. "
                    "Health and Social Care Delivery Research.")
GRIFFITHS_TITLE = "Social Prescribing: Link Workers’ Perspectives on Service Delivery"
GRIFFITHS_CITATION = (f"Griffiths, Jiang and Walker (2023). {GRIFFITHS_TITLE}. "
                      "Journal of Social Sciences.")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def read_noting(read: Callable[[Path], Collection], path: Path) -> tuple[Collection, list[str]]:
    """What ``read`` makes of ``path``, and the CmoWarnings it gave, in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        collection = read(path)
    return collection, [str(w.message) for w in caught if issubclass(w.category, CmoWarning)]


def assert_seeds(collection: Collection) -> None:
    """Both seed publications, with their DOIs, titles and citations, and nothing else."""
    assert {source.id: source.doi for source in collection.sources} == SEED_DOIS
    assert {source.kind for source in collection.sources} == {"publication"}
    tierney, griffiths = collection.sources
    assert (tierney.title, tierney.citation, tierney.date) == (
        TIERNEY_TITLE, TIERNEY_CITATION, None)
    assert (griffiths.title, griffiths.citation, griffiths.date) == (
        GRIFFITHS_TITLE, GRIFFITHS_CITATION, None)
    assert not collection.excerpts and not collection.configurations
