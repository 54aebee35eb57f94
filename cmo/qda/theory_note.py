"""The theory ``cmo`` carries in a project it writes, and reading it back.

REFI-QDA has no place for a configuration's parts, statuses or evidence stances, so the
theory travels whole in a project note (:data:`~cmo.qda.project.THEORY_NOTE`). Its text is
the theory in ``cmo``'s authoring layout (JSON: every excerpt once, cited by id; see
``docs/format.md``), with the quotes withheld: they live in the sources, and are put back
from there when it is read. The text is a file in the archive (the note's
``plainTextPath``), so no XML text node grows with the theory; it is written and read a
batch of values at a time, at any size.

Projects written before this layout carry the models' own JSON inline; they are read too.

Example:
    >>> import io
    >>> from cmo.models import Collection, Configuration, Evidence, Excerpt, Source
    >>> quote = Excerpt(id="x1", source=Source(id="s1", kind="interview"), text="I felt hope.")
    >>> theory = Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}],
    ...     evidence=[Evidence(excerpt=quote, stance="supports")])])
    >>> stream = io.BytesIO()
    >>> write_theory_note(theory, stream)
    >>> b"I felt hope" in stream.getvalue()
    False
    >>> read_theory_note(stream.getvalue().decode(), excerpts={"x1": "I felt hope."},
    ...                  source_text=lambda source_id: None) == theory
    True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO, Any, Final

from .._helpers.yaml_text import Parsed
from ..authoring.document import SCHEMA_ID
from ..authoring.quick import quickly_or_carefully
from ..authoring.writing import collection_to_data
from ..models import Collection
from ..sharing.privacy import WITHHELD, restore_text

__all__ = ["read_theory_note", "write_theory_note"]

#: The collection's lists, in the order the authoring layout writes them.
_LISTS: Final = ("sources", "excerpts", "elements", "configurations")
#: Values turned into data and JSON at a time: memory stays flat at any size.
_BATCH: Final = 2000
#: The lists whose entries carry a text that is withheld (it lives in the sources).
_TEXTS: Final = frozenset({"sources", "excerpts"})


def write_theory_note(collection: Collection, stream: IO[bytes]) -> None:
    """Write the theory as the note's text (UTF-8 JSON), its quotes withheld."""
    nothing: dict[str, Any] = dict.fromkeys(_LISTS, ())
    header = collection_to_data(collection.model_copy(update=nothing))
    stream.write(json.dumps({"$schema": SCHEMA_ID, **header},
                            ensure_ascii=False)[:-1].encode("utf-8"))
    for name in _LISTS:
        values = getattr(collection, name)
        if not values:
            continue
        stream.write(f', "{name}": ['.encode())
        for start in range(0, len(values), _BATCH):
            # The authoring layout of this batch alone (model_copy does not validate).
            batch = collection.model_copy(update={**nothing, name: values[start:start + _BATCH]})
            entries = collection_to_data(batch)[name]
            if name in _TEXTS:
                for entry in entries:
                    if "text" in entry:
                        entry["text"] = WITHHELD
            text = json.dumps(entries, ensure_ascii=False)[1:-1]
            stream.write(((", " if start else "") + text).encode("utf-8"))
        stream.write(b"]")
    stream.write(b"}")


def read_theory_note(text: str, *, excerpts: dict[str, str],
                     source_text: Callable[[str], str | None]) -> Collection:
    """The theory a note holds, with its text put back: each excerpt's by its id, and the
    whole text of each source that kept one from ``source_text(source id)``.

    Raises:
        ValueError: the note is not a theory (``InputError`` is one).
        RecursionError: its JSON nests too deeply.
    """
    data = json.loads(text)
    if not (isinstance(data, dict) and data.get("$schema") == SCHEMA_ID):
        # Written before the authoring layout: the models' own JSON.
        theory = Collection.model_validate(data)
        sources = {source.id: found for source in theory.sources if source.text is not None
                   and (found := source_text(source.id)) is not None}
        return restore_text(theory, excerpts=excerpts, sources=sources)
    # The quick road of the authoring format first, as for a file (every note cmo writes
    # takes it); the careful one builds what it gives way on, or names every problem.
    return quickly_or_carefully(_with_text(data, excerpts, source_text),
                                lambda: Parsed(_with_text(json.loads(text), excerpts, source_text)))


def _with_text(data: dict[str, Any], excerpts: dict[str, str],
               source_text: Callable[[str], str | None]) -> dict[str, Any]:
    """The note's data with the text of its sources and excerpts put back."""
    for entry in _entries(data, "sources"):
        if "text" in entry and (found := source_text(entry["id"])) is not None:
            entry["text"] = found
    for entry in _entries(data, "excerpts"):
        if "text" in entry and entry["id"] in excerpts:
            entry["text"] = excerpts[entry["id"]]
    return data


def _entries(data: dict[str, Any], name: str) -> Iterator[dict[str, Any]]:
    """The entries of a list that have a textual id (the others are reported when read)."""
    values = data.get(name)
    for entry in values if isinstance(values, list) else ():
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            yield entry
