"""The authoring format on disk: YAML and JSON files, read and written.

Example:
    >>> import tempfile, pathlib
    >>> from cmo.models import Collection, Configuration
    >>> collection = Collection(configurations=[Configuration(
    ...     id="hope", contexts=[{"label": "Trust"}], outcomes=[{"label": "Hope"}])])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "theory.yaml"
    >>> _ = write_yaml(collection, path)
    >>> read_yaml(path) == collection
    True
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import yaml

from .._helpers import read_text, write_atomically
from .._helpers.json_text import load_json, parse_json
from .._helpers.yaml_text import Parsed, locator, parse_yaml, walk_yaml
from ..exceptions import InputError
from ..models import Collection
from ..sharing.privacy import withhold_quotes
from ..theory.graph import ProgrammeTheory, collection_of
from .quick import quickly_or_carefully
from .reading import data_to_collection
from .writing import collection_to_data

__all__ = ["json_text", "read_json", "read_yaml", "write_json", "write_yaml"]

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _read(path: str | Path, parse_quickly: Callable[[str | bytes], Parsed],
          parse: Callable[[str | bytes], Parsed], *, encoded: bool) -> Collection:
    """The quick road first (:mod:`.quick`), on data without lines; the careful one builds
    what it gives way on, or names every problem with its line.

    ``encoded`` parses UTF-8 bytes: PyYAML decodes them as it goes (half the memory of most
    texts), while ``json`` would decode them whole beside the bytes, so JSON is parsed as
    text. The text is let go before the quick road builds the models (it would add a third
    to the peak memory of a large theory); the careful road, taken only when the quick one
    gives way, reads the file again.
    """

    def document() -> str | bytes:
        text = read_text(path)
        return text.encode("utf-8") if encoded else text

    try:
        text = document()
        parsed = parse_quickly(text)
        if parsed.plain:
            del text
            return quickly_or_carefully(parsed.data, lambda: parse(document()))
        # an anchor, alias or tag: the careful road reads the data as it is
        parsed.locate = locator(text)
        return data_to_collection(parsed)
    except InputError as error:
        raise error.with_source(path) from None


def read_yaml(path: str | Path) -> Collection:
    """Read a YAML authoring file.

    Raises:
        InputError: naming the file, the line and the fix for every problem.
    """
    return _read(path, walk_yaml, parse_yaml, encoded=True)


def read_json(path: str | Path) -> Collection:
    """Read a JSON authoring file (the same layout as YAML)."""
    return _read(path, lambda text: Parsed(load_json(text)), parse_json, encoded=False)


def _data(theory: ProgrammeTheory | Collection, quotes: bool) -> dict[str, Any]:
    collection = collection_of(theory)
    return collection_to_data(collection if quotes else withhold_quotes(collection))


def write_yaml(theory: ProgrammeTheory | Collection, path: str | Path, *,
               quotes: bool = True) -> Path:
    """Write a theory as a YAML authoring file, atomically.

    Args:
        quotes: False leaves the text of every excerpt out (see :mod:`cmo.sharing.privacy`).
    """
    data = _data(theory, quotes)

    def write(stream: IO[bytes]) -> None:
        yaml.dump(data, stream, Dumper=_Dumper, sort_keys=False,
                  allow_unicode=True, width=88, encoding="utf-8")

    return write_atomically(path, write)


def write_json(theory: ProgrammeTheory | Collection, path: str | Path, *,
               quotes: bool = True) -> Path:
    """Write a theory as a JSON authoring file, atomically (options as :func:`write_yaml`)."""
    text = json_text(_data(theory, quotes))
    return write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))


def json_text(data: dict[str, Any]) -> str:
    """Authoring data (:func:`~cmo.authoring.writing.collection_to_data`) as the text of a
    JSON authoring file."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
