"""Lists of records from elsewhere: JSON or YAML, one object per configuration, read as a table.

LLM-assisted extraction pipelines and scripts write configurations as a list of objects,
one per configuration (or per configuration and quote)::

    [{"cmoc_id": "1", "context_statement": "...", "mechanism_statement": "...",
      "outcome_statement": "...", "evidence_quote": "...", "study_id": "smith2020"}]

Such a list is read as a table of configurations: each object is a row, each key a
header, recognised as a table's headers are (and through a column map). An object nested
in a record gives columns named by both keys (``"mechanism": {"resource": ...}`` is the
column ``mechanism resource``); a list of texts is a cell of several values. The records
may also come as a mapping by id (``{"cmo_001": {...}}``), wrapped in a mapping
(``{"cmocs": [...], "model": "..."}``), or grouped by source (``{"smith_20.pdf": {"cmos":
{...}, "v_and_v_log": [...]}}``, as a published LLM pipeline writes them): a key gives the
record's id or source unless the record has its own, and what is not records is left out
with a warning.

A file that is neither a theory in ``cmo``'s own format, nor such a list, nor a CSL-JSON
reference list is refused with one message that says what it holds.

Example:
    >>> import json, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "llm.json"
    >>> _ = path.write_text(json.dumps({"cmocs": [{"context_statement": "Patient is unsure",
    ...     "mechanism": {"resource": "Link worker listens", "reasoning": "Patient feels heard"},
    ...     "outcome_statement": "Patient trusts the link worker"}]}))
    >>> (configuration,) = read_records(path).configurations
    >>> configuration.id, configuration.mechanism.label
    ('cmoc-1', 'Link worker listens → Patient feels heard')
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .._helpers import read_text
from ..exceptions import CmoWarning, InputError, Problem
from ..models import Collection
from .cells import cell_text
from .columns import CONFIGURATIONS, header_key
from .options import ReadOptions
from .reading import tables_to_collection
from .sheet import Problems, RawTable

__all__ = ["holds_references", "read_foreign", "read_records"]

#: Fields of a record that make it a configuration: at least one must be recognised.
_CMO_FIELDS: Final = frozenset({"contexts", "mechanism", "mechanism_resource",
                                "mechanism_reasoning", "outcomes"})
#: The keys of ``cmo``'s own format at the top of a file.
_AUTHORING_KEYS: Final = frozenset({"$schema", "id", "title", "version", "revises", "date",
                                    "description", "sources", "excerpts", "elements",
                                    "configurations", "theories", "codebook"})
_CSL_CONTENT: Final = ("title", "author", "issued")
_DEEPEST: Final = 3
_KEYS_SHOWN: Final = 8
_FIX: Final = ("see docs/format.md for cmo's own format, or docs/tables.md for lists of "
               "records, where a column map (--map) names fields cmo does not recognise")


def _parse(path: Path) -> Any:
    from .._helpers.json_text import parse_json
    from .._helpers.yaml_text import parse_yaml

    parse = parse_json if path.suffix.lower() == ".json" else parse_yaml
    try:
        return parse(read_text(path)).data
    except InputError as error:
        raise error.with_source(path) from None


def holds_references(path: str | Path) -> bool:
    """Whether a JSON file is a CSL-JSON reference list: a list whose every item has a
    ``type`` and one of ``title``, ``author``, ``issued`` (an empty list is one too).

    A file that cannot be parsed is not (its reader then says why).
    """
    try:
        data = _parse(Path(path))
    except (InputError, OSError):
        return False
    return _is_reference_list(data)


def _is_reference_list(data: Any) -> bool:
    """Whether parsed data is a CSL-JSON reference list (see :func:`holds_references`)."""
    return isinstance(data, list) and all(
        isinstance(item, dict) and "type" in item and any(key in item for key in _CSL_CONTENT)
        for item in data)


def read_records(path: str | Path, *, columns: Mapping[str, str | None] | None = None,
                 separator: str | None = None) -> Collection:
    """Read a JSON or YAML list of records (see the module's description) into a collection.

    Args:
        path: the ``.json``, ``.yaml`` or ``.yml`` file.
        columns: a column map, key -> cmo column (see :mod:`cmo.tables.options`).
        separator: what else separates values in a text of several values (``";"``).

    Raises:
        InputError: the file is not a list of records (one message saying what it holds),
            or records break the models, each problem naming the record and the field.
    """
    return read_foreign(path, columns=columns, separator=separator)


def read_foreign(path: str | Path, *, columns: Mapping[str, str | None] | None = None,
                 separator: str | None = None,
                 authoring_error: InputError | None = None) -> Collection:
    """Read a JSON or YAML file that ``cmo``'s own reader gave up on (``authoring_error``),
    or one given with a column map: a list of records, or say what it is.

    Raises:
        InputError: ``authoring_error`` when the file is ``cmo``'s own format with
            mistakes in it; else one message saying what the file holds.
    """
    path = Path(path)
    options = ReadOptions.of(columns=columns, separator=separator)
    try:
        data = _parse(path)
    except InputError:
        if authoring_error is not None:
            raise authoring_error from None
        raise
    if isinstance(data, dict) and "configurations" in data:
        if authoring_error is not None:
            raise authoring_error
        raise InputError([Problem("", "is a theory in cmo's own format: a column map applies "
                                  "to tables and lists of records", "read it without --map")],
                         source=path)
    found = _records_in(data, options)
    if found is not None:
        return _read(path, found, options)
    if isinstance(data, dict) and authoring_error is not None and set(data) & _AUTHORING_KEYS:
        raise authoring_error
    if path.suffix.lower() == ".json" and _is_reference_list(data):  # parsed once, above
        raise InputError([Problem("", "is a CSL-JSON reference list: a column map applies to "
                                  "tables and lists of records", "read it without --map")],
                         source=path)
    raise InputError([Problem("", f"holds {_described(data)}: not a theory in cmo's format "
                              "(a mapping with 'configurations'), not a list of records with "
                              "context, mechanism or outcome fields, and not a CSL-JSON "
                              "reference list (items with 'type' and 'title', 'author' or "
                              "'issued')", _FIX)], source=path)


@dataclass
class _Found:
    """Records found in a file, each with what its place gives it (the id its key gives, the
    source its group's key gives), and the keys left out beside them."""

    records: list[tuple[Any, dict[str, str]]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _has_cmo_fields(records: list[dict[Any, Any]], options: ReadOptions) -> bool:
    """Whether records have a context, mechanism or outcome field: a value, or a list of
    values, at their top or one object down (``"mechanism": {"resource": ...}``)."""
    headers: dict[str, None] = {}
    for record in records:
        for key, value in record.items():
            if isinstance(value, dict):
                headers.update((f"{key} {inner}", None) for inner, held in value.items()
                               if _is_value(held))
            elif _is_value(value):
                headers[str(key)] = None
    matched = CONFIGURATIONS.match(list(headers), columns=options.columns)
    return bool(_CMO_FIELDS & set(matched.fields))


def _is_value(value: Any) -> bool:
    """A value or a list of values (what a cell can hold), not objects."""
    if isinstance(value, list):
        return not any(isinstance(item, dict | list) for item in value)
    return not isinstance(value, dict)


def _record_list(value: Any, options: ReadOptions) -> bool:
    """A list of records: mostly objects, with context, mechanism or outcome fields."""
    if not isinstance(value, list):
        return False
    objects = [item for item in value if isinstance(item, dict)]
    return bool(objects) and 2 * len(objects) >= len(value) and _has_cmo_fields(objects, options)


def _record_mapping(value: Any, options: ReadOptions) -> bool:
    """A mapping of records by id: ``{"cmo_001": {"context": ...}, ...}``."""
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(item, dict) for item in value.values())
            and _has_cmo_fields(list(value.values()), options))


def _find(node: Any, where: str, given: dict[str, str], options: ReadOptions, found: _Found,
          depth: int = 0) -> bool:
    """Add the records under ``node`` to ``found``; whether there were any.

    A list of records, or a mapping of records by id, is read whole. In any other mapping,
    a key whose value holds records is a wrapper (``{"cmocs": [...]}``) when it is the only
    one, and names a source when several do, or when records sit deeper under it
    (``{"smith2020.pdf": {"cmos": {...}}}``); the other keys are left out.
    """
    if depth > _DEEPEST:
        return False
    if _record_list(node, options):
        found.records.extend((item, given) for item in node)
        return True
    if _record_mapping(node, options):
        found.records.extend((item, {**given, "id": str(key)}) for key, item in node.items())
        return True
    if not isinstance(node, dict):
        return False
    holding = [key for key, value in node.items()
               if _record_list(value, options) or _record_mapping(value, options)]
    any_found, left_out = False, []
    for key, value in node.items():
        inner = f"{where} > {key}" if where else str(key)
        if key in holding:
            named = {**given, "source": str(key)} if len(holding) > 1 else given
            any_found |= _find(value, inner, named, options, found, depth + 1)
        elif isinstance(value, dict) and _find(value, inner, {**given, "source": str(key)},
                                               options, found, depth + 1):
            any_found = True
        else:
            left_out.append(inner)
    if any_found:
        found.left_out.extend(left_out)
    return any_found


def _records_in(data: Any, options: ReadOptions) -> _Found | None:
    """The records a file holds (see :func:`_find`), or None."""
    found = _Found()
    if isinstance(data, dict) and _has_cmo_fields([data], options) and not any(
            _record_list(value, options) or _record_mapping(value, options)
            for value in data.values()):
        found.records.append((data, {}))  # one configuration, on its own
        return found
    return found if _find(data, "", {}, options, found) else None


def _read(path: Path, found: _Found, options: ReadOptions) -> Collection:
    if found.left_out:
        shown = sorted(set(found.left_out))
        listed = ", ".join(repr(key) for key in shown[:_KEYS_SHOWN])
        more = f" and {len(shown) - _KEYS_SHOWN} more" if len(shown) > _KEYS_SHOWN else ""
        warnings.warn(f"{path}: only the records were read; the rest of the file was left "
                      f"out: {listed}{more}", CmoWarning, stacklevel=3)
    problems = Problems()
    left_out = {header_key(header) for header, target in options.columns.items()
                if target is None}
    flat: list[tuple[dict[str, Any], dict[str, str]]] = []
    for number, (record, given) in enumerate(found.records, start=1):
        place = f"record {number}"
        if not isinstance(record, dict):
            problems.add(place, f"is a {_kind(record)}, not an object of fields",
                         "make every item of the list an object, one per configuration")
            flat.append(({}, {}))
            continue
        bad: list[str] = []
        cells = _flat(record, bad, "", 0, left_out)
        for field_name in bad:
            problems.add(f"{place}, field {field_name!r}", "holds a list of objects or "
                         f"objects nested deeper than {_DEEPEST} levels, which is not a value "
                         "or a list of values", "give one record per configuration and quote "
                         "(repeat the configuration's id), or leave the field out with a "
                         f"column map ('{field_name}: null')")
        flat.append((cells, given))
    _give(flat, options)
    headers = _headers([cells for cells, _ in flat])
    rows = tuple((number, tuple(cells.get(header) for header in headers))
                 for number, (cells, _) in enumerate(flat, start=1)
                 if any(cell_text(value) is not None for value in cells.values()))
    raw = RawTable(CONFIGURATIONS, "", tuple(headers), rows, record_word="record")
    return tables_to_collection([raw], source=path, problems=problems, options=options)


def _give(flat: list[tuple[dict[str, Any], dict[str, str]]], options: ReadOptions) -> None:
    """Give records the id or source their place gives them, unless they give their own,
    in the field the other records use for it."""
    if not any(given for _, given in flat):
        return
    headers = list(_headers([cells for cells, _ in flat]))
    matched = CONFIGURATIONS.match(headers, columns=options.columns)
    field_of = {headers[index]: name for name, index in matched.fields.items()}
    field_of.update({headers[index]: name for name, _, index in matched.repeated})
    for cells, given in flat:
        own = {field_of.get(header) for header in cells}
        for name, text in given.items():
            header = headers[matched.fields[name]] if name in matched.fields else name
            if name not in own and cells.get(header) is None:
                cells[header] = text


def _headers(records: list[dict[str, Any]]) -> dict[str, None]:
    headers: dict[str, None] = {}
    for record in records:
        headers.update(dict.fromkeys(record))
    return headers


def _flat(record: dict[Any, Any], bad: list[str], prefix: str, depth: int,
          left_out: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """A record's fields as cells: nested objects as columns ``outer inner``, lists of
    values as texts of one value per line; fields that cannot be cells go to ``bad``."""
    cells: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix} {key}" if prefix else str(key)
        if header_key(name) in left_out:
            continue
        if isinstance(value, dict):
            if depth + 1 >= _DEEPEST:
                bad.append(name)
            else:
                cells.update(_flat(value, bad, name, depth + 1, left_out))
        elif isinstance(value, list):
            if any(isinstance(item, dict | list) for item in value):
                bad.append(name)
            else:
                texts = [text for item in value if (text := cell_text(item)) is not None]
                cells[name] = "\n".join(texts) if texts else None
        else:
            cells[name] = value
    return cells


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "empty value" if value is None else type(value).__name__


def _keys(keys: list[Any]) -> str:
    shown = [repr(str(key)[:40]) for key in keys[:_KEYS_SHOWN]]
    more = f" and {len(keys) - _KEYS_SHOWN} more" if len(keys) > _KEYS_SHOWN else ""
    return ", ".join(shown) + more


def _described(data: Any) -> str:
    """What a file holds, in a few words (keys shown, values never).

    Example:
        >>> _described([{"a": 1, "b": 2}, {"a": 3}])
        "a list of 2 objects with the keys 'a', 'b'"
        >>> _described({"cmocs": 1}), _described([1, "x"]), _described("x")
        ("a mapping with the keys 'cmocs'", 'a list of 2 items, the first a number', 'a text')
    """
    if isinstance(data, list):
        if not data:
            return "an empty list"
        if all(isinstance(item, dict) for item in data):
            keys = list(_headers([{str(key): None for key in item} for item in data]))
            noun = "object" if len(data) == 1 else "objects"
            return (f"a list of {len(data)} {noun} with the keys {_keys(keys)}" if keys
                    else f"a list of {len(data)} empty {noun}")
        return f"a list of {len(data)} items, the first a {_kind(data[0])}"
    if isinstance(data, dict):
        return f"a mapping with the keys {_keys(list(data))}" if data else "an empty mapping"
    return f"a {_kind(data)}" if data is not None else "nothing"
