r"""Reading BibTeX reference lists (``.bib``), as Zotero, Mendeley, JabRef or EndNote write them.

``bibtexparser`` cuts the file into entries, decodes LaTeX (``{\"o}`` is ö) and splits
names; braces that only protect capitals (``{Person-Centred}``) are dropped. The ``doi``
and ``url`` fields are read as written, since LaTeX would take ``%`` and ``~`` in an
address for a comment and a space.

Only the fields a source uses are decoded, so abstracts and notes cost nothing but their
splitting. Accents, escapes and dashes are decoded piece by piece (:mod:`.latex`); a field
holding other LaTeX is decoded whole by ``pylatexenc`` (slow: about ten seconds a
megabyte). A bare ``&`` or ``%`` is text, as EndNote and JabRef write it (``Health & Social
Care``, ``50% of``), not LaTeX's column separator or comment. A file in Windows-1252 or
Latin-1 rather than UTF-8 is read, with a warning naming the encoding.
"""

from __future__ import annotations

import gc
import logging
import re
from pathlib import Path
from typing import Any, Final

import bibtexparser
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    NameParts,
    SeparateCoAuthors,
    SplitNameParts,
    default_parse_stack,
)
from bibtexparser.model import (
    Block,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ImplicitComment,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)

from ..exceptions import Problem
from ..models import Collection
from .latex import DECODER, decode_pieces, escape_bare
from .references import Person, Reference, named, parse_date, read_reference_text, tidy
from .sources import to_collection

__all__ = ["read_bibtex"]

#: Where an entry says what it was published in, in order of preference.
_CONTAINER_FIELDS: Final = ("journal", "journaltitle", "booktitle", "publisher", "school",
                            "institution", "organization")
#: The fields a source is made of: only these are decoded.
_READ_FIELDS: Final = ("author", "editor", "title", *_CONTAINER_FIELDS, "year", "month", "day",
                       "date")
_COLLECTED_EVERY: Final = 200
#: A field longer than this is read without decoding its LaTeX, which would take minutes.
MAX_DECODED: Final = 100_000
_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                  "dec")
_ESCAPED = re.compile(r"\\([_%&#$~])")
_URL_MACRO = re.compile(r"^\\url\{(.*)\}$", re.DOTALL)
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]*)")
_STRAY_FIELD = re.compile(r"(?:^|,)\s*\w+\s*=\s*[{\"\d]", re.MULTILINE)
_DECODER: Final = LatexDecodingMiddleware(decoder=DECODER)
_NAMES: Final = (SeparateCoAuthors(), SplitNameParts())
# bibtexparser logs each entry it cannot read (with lines counted from 0); we report them
# as warnings, so its log is not printed unless the application has set up logging.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
_EMPTY: Final = Problem("", "no BibTeX entries found", "each reference starts with a line "
                        "such as '@article{tierney2024,'; export the references as BibTeX again")


def read_bibtex(path: str | Path) -> Collection:
    r"""Read a BibTeX file into publication sources, one per entry, with their DOIs.

    An entry that cannot be read (unbalanced braces...) is skipped with a
    :class:`~cmo.exceptions.CmoWarning` naming its line; a file that is not UTF-8 is read
    in the encoding it seems to be in, with a warning. See :func:`.sources.to_collection`
    for ids, DOIs, citations and dates.

    Raises:
        InputError: the file is missing or empty, or holds no entry that can be read.

    Example:
        >>> path = getfixture("tmp_path") / "refs.bib"
        >>> _ = path.write_text(r'''@article{tierney2024,
        ...   author = {Tierney, S. and others}, year = {2024}, doi = {10.3310/ETND8254},
        ...   title = {Patient buy-in to social prescribing through link workers as part of
        ...            {person-centred} care: a realist evaluation}}''', encoding="utf-8")
        >>> print(read_bibtex(path).sources[0].citation)
        Tierney, S. et al. (2024). Patient buy-in to social prescribing through link workers as
        part of person-centred care: a realist evaluation.
    """
    library = bibtexparser.parse_string(read_reference_text(path, legacy=True))
    references: list[Reference] = []
    problems: list[Problem] = []
    for number, block in enumerate(library.blocks):
        if number % _COLLECTED_EVERY == 0:
            # Decoding LaTeX leaves cycles behind (pylatexenc makes a class at each call), and
            # cmo.io.read pauses the cyclic collector: without this, 100 KB an entry stays.
            gc.collect(0)
        entry = _entry(block, library, problems)
        if entry is not None:
            references.append(_reference(entry, library, problems))
    return to_collection(path, references, problems, empty=_EMPTY)


def _entry(block: Block, library: Library, problems: list[Problem]) -> Entry | None:
    """The entry a block holds, if it can be read; what is wrong with it goes to ``problems``."""
    line = (block.start_line or 0) + 1
    if isinstance(block, Entry):
        return block
    if isinstance(block, ParsingFailedBlock):
        entry = block.ignore_error_block
        if isinstance(block, DuplicateFieldKeyBlock) and isinstance(entry, Entry):
            fields = ", ".join(repr(key) for key in sorted(block.duplicate_keys))
            problems.append(Problem(_place(entry), f"the field {fields} is given twice; the "
                                    "last is used", "keep one of them"))
        if isinstance(entry, Entry):  # a duplicate key is reported with the other duplicate ids
            # The parser left this entry as written: resolve @string names, remove outer braces.
            alone = Library([*library.strings, entry])
            for middleware in default_parse_stack(allow_inplace_modification=False):
                alone = middleware.transform(alone)
            return alone.entries[0]
        problems.append(_unreadable(block, line))
    elif isinstance(block, ImplicitComment) and _STRAY_FIELD.search(block.comment):
        problems.append(Problem(f"line {line}", "text outside any entry looks like a field: an "
                                "extra '}' may have closed the entry above it early",
                                "check the braces of the entry above this line"))
    return None


def _unreadable(block: ParsingFailedBlock, line: int) -> Problem:
    raw = block.raw or ""
    error = block.error
    reason = error.abort_reason if isinstance(error, BlockAbortedException) else str(error)
    key = _KEY.match(raw)
    place = f"entry {key.group(1)!r} (line {line})" if key and key.group(1) else f"line {line}"
    next_line = line + raw.count("\n") + 1
    where = "the end of the file" if "end of file" in reason else f"the next entry, line {next_line}"
    if "end of file" in reason or "`}`" in reason or "closing bracket" in reason:
        return Problem(place, f"not read: a '{{' in this entry is not closed before {where}",
                       "balance its braces { }")
    if '`"`' in reason:
        return Problem(place, f"not read: a '\"' in this entry is not closed before {where}",
                       "close the quoted value")
    return Problem(place, f"not read: {reason.strip().replace('`', chr(39))}",
                   "correct the entry's syntax: @type{key, field = {value}, ...}")


def _reference(entry: Entry, library: Library, problems: list[Problem]) -> Reference:
    fields = {field.key.lower(): field.value for field in entry.fields}  # the last one counts
    decoded = _decoded(entry, fields, library, problems)
    for middleware in _NAMES:
        decoded = _transformed(middleware, decoded, library, problems)
    fields.update((field.key, field.value) for field in decoded.fields)
    authors, more = _people(fields.get("author"))
    if not authors:
        authors, more = _people(fields.get("editor"))
    year, month, day = parse_date(_text(fields.get("date")))
    day_text = _text(fields.get("day")) or ""
    return Reference(
        place=_place(entry), key=tidy(entry.key), authors=authors, more_authors=more,
        title=_text(fields.get("title")),
        container=next(filter(None, map(_text, map(fields.get, _CONTAINER_FIELDS))), None),
        year=_text(fields.get("year")) or year,
        month=_month(_text(fields.get("month"))) or month,
        day=int(day_text) if day_text.isdigit() and len(day_text) <= 2 else day,
        doi=_verbatim(fields.get("doi")), url=_verbatim(fields.get("url")))


def _decoded(entry: Entry, fields: dict[str, object], library: Library,
             problems: list[Problem]) -> Entry:
    """An entry of the fields a source is made of, their LaTeX decoded.

    Text whose only LaTeX is accents, escapes such as ``\\&`` and dashes is decoded piece
    by piece (:func:`.latex.decode_pieces`); other LaTeX is decoded whole, a bare ``&`` or
    ``%`` escaped first so that it is kept as text. A field of other LaTeX longer than
    :data:`MAX_DECODED` is read with its escapes removed, and a warning.
    """
    latex: list[Field] = []
    text: list[Field] = []
    for key in _READ_FIELDS:
        value = fields.get(key)
        if not isinstance(value, str):
            continue
        pieces = decode_pieces(value)
        if pieces is not None:
            text.append(Field(key, pieces))
        elif len(value) <= MAX_DECODED:
            latex.append(Field(key, escape_bare(value)))
        else:
            text.append(Field(key, _ESCAPED.sub(r"\1", value)))
            problems.append(Problem(_place(entry), f"the field {key!r} is {len(value):,} "
                                    "characters long; its LaTeX is not decoded",
                                    "check that the field holds what it should"))
    decoded = _transformed(_DECODER, Entry(entry.entry_type, entry.key, latex), library, problems)
    return Entry(entry.entry_type, entry.key, [*decoded.fields, *text])


def _transformed(middleware: Any, entry: Entry, library: Library,
                 problems: list[Problem]) -> Entry:
    """The entry as ``middleware`` changes it, or as it was where the middleware failed."""
    changed = middleware.transform_block(entry, library)
    if isinstance(changed, MiddlewareErrorBlock):
        problems.append(Problem(_place(entry), f"part of it cannot be decoded ({changed.error}); "
                                "that part is read as written", "check its LaTeX and names"))
        changed = changed.ignore_error_block
    return changed if isinstance(changed, Entry) else entry


def _place(entry: Entry) -> str:
    line = (entry.start_line or 0) + 1
    key = tidy(entry.key)
    return f"entry {key!r} (line {line})" if key else f"the entry on line {line}"


def _text(value: object) -> str | None:
    return tidy(value.replace("{", "").replace("}", "")) if isinstance(value, str) else None


def _verbatim(value: object) -> str | None:
    """A ``doi`` or ``url`` field as written, less ``\\url{}`` and escapes such as ``\\_``."""
    if not isinstance(value, str):
        return None
    macro = _URL_MACRO.match(value.strip())
    return _text(_ESCAPED.sub(r"\1", macro.group(1) if macro else value))


def _month(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    name = text[:3].lower()
    return _MONTHS.index(name) + 1 if name in _MONTHS else None


def _people(value: object) -> tuple[tuple[Person, ...], bool]:
    """The people a name field lists, and whether it ends with "and others"."""
    names = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    people: list[Person] = []
    for name in names:
        if isinstance(name, NameParts):
            family = _text(" ".join([*name.von, *name.last, *name.jr]))
            given = _text(" ".join(name.first)) or ""
        else:
            family, given = _text(name), ""
        if family:
            people.append(Person(family, given))
    return named(people)
