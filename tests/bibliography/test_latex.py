r"""LaTeX decoded piece by piece gives what pylatexenc gives for the whole field.

Fields are made of plain words and the accents, escapes and marks that reference managers
write ({\"u}, \'e, \c{c}, {\o}, \&, --); the reference is pylatexenc decoding the whole
field, as bibtexparser's LatexDecodingMiddleware does.
"""

from __future__ import annotations

import re

import pytest
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cmo.bibliography.bibtex import _NAMES, _people, _text, _transformed
from cmo.bibliography.latex import DECODER, decode_pieces, escape_bare

_WORDS = ["Synthetic", "care", "Person-Centred", "link", "a", "B", "50", "and", "others",
          "R", "D", " ", "  ", "\n", ",", ".", ":", "-", "'", "`", "?", "!", "&", "%",
          "{Link Workers}", "{NHS}", "(", ")", "/"]
_LETTERS = ["a", "e", "i", "o", "u", "c", "s", "n", "z", "A", "E", "O", "U", "S"]
_SYMBOL_ACCENTS = ['"', "'", "`", "^", "~", "=", "."]
_LETTER_ACCENTS = ["c", "v", "u", "H", "k", "r", "d", "b"]
_MARKS = [r"{\o}", r"{\O}", r"{\ss}", r"{\ae}", r"{\AA}", r"{\l}", r"\o{}", r"\ss{}",
          r"{\textquoteright}", r"{\textendash}", r"{\i}", "--", "---", "``", "''", "~",
          r"\&", r"\%", r"\$", r"\_", r"\#"]


@st.composite
def _accent(draw: st.DrawFn) -> str:
    letter = draw(st.sampled_from(_LETTERS))
    if draw(st.booleans()):  # a dotless i, braced: '\\"\\iSynthetic' is another macro
        return "\\" + draw(st.sampled_from(_SYMBOL_ACCENTS)) + "{\\i}"
    if draw(st.booleans()):
        accent = "\\" + draw(st.sampled_from(_SYMBOL_ACCENTS))
        argument = draw(st.sampled_from([f"{{{letter}}}", letter]))
    else:
        accent = "\\" + draw(st.sampled_from(_LETTER_ACCENTS))
        argument = draw(st.sampled_from([f"{{{letter}}}", f" {letter}"]))
    return f"{{{accent}{argument}}}" if draw(st.booleans()) else accent + argument


_PIECE = st.one_of(st.sampled_from(_WORDS), _accent(), st.sampled_from(_MARKS))
_FIELD = st.lists(_PIECE, max_size=12).map("".join)
# '?`' and '!`' are LaTeX for ¿ and ¡: left to pylatexenc (tested below).
_INVERTED = re.compile(r"[?!]`")


def _whole(value: str) -> str:
    return str(DECODER.latex_to_text(escape_bare(value)))


def _names(value: str) -> object:
    entry = Entry("article", "synthetic", [Field("author", value)])
    for middleware in _NAMES:
        entry = _transformed(middleware, entry, Library(), [])
    return _people(entry.fields_dict["author"].value)


@settings(max_examples=400, deadline=None)
@given(_FIELD)
def test_pieces_decode_a_field_as_pylatexenc_decodes_it_whole(value: str) -> None:
    assume(not _INVERTED.search(value))
    pieces = decode_pieces(value)
    assert pieces is not None  # only accents, escapes and marks: no need for pylatexenc
    assert _text(pieces) == _text(_whole(value))


@settings(max_examples=200, deadline=None)
@given(st.lists(_FIELD, min_size=1, max_size=4).map(" and ".join))
def test_names_split_as_from_pylatexenc(value: str) -> None:
    assume(not _INVERTED.search(value))
    pieces = decode_pieces(value)
    assert pieces is not None
    assert _names(pieces) == _names(_whole(value))


@pytest.mark.parametrize(("latex", "text"), [
    (r"M{\"u}ller, J{\"u}rgen", "Müller, Jürgen"),
    (r"Dupr\'e, {\'E}lodie", "Dupré, Élodie"),
    (r"Mendeley's \"{u} and \'{e}", "Mendeley's ü and é"),
    (r"{\c{c}}a va, \c c, {\c c}", "ça va, ç, ç"),
    (r"na{\"\i}ve, na\"{\i}ve", "naïve, naïve"),
    (r"S{\o}rensen, {\AA}se, Stra{\ss}e, \L{}\'od\'z", None),  # \L{}\'o: \L{} is a piece
    (r"Nu\~{n}ez \v{S}koda \H{o} \k{a} \r{u} \u{g}", "Nuñez Škoda ő ą ů ğ"),
    (r"pages 1--10 --- ``quoted'' a~b", "pages 1–10 — “quoted” a\xa0b"),
    (r"Health \& Social Care, 50\% of \$10", "Health & Social Care, 50% of $10"),
    (r"Health & Social Care, 50% of", "Health & Social Care, 50% of"),
    (r"caf{\textquoteright}s {Person-Centred}", "caf’s {Person-Centred}"),
])
def test_what_reference_managers_write(latex: str, text: str | None) -> None:
    assert decode_pieces(latex) == (text if text is not None else _whole(latex))


@pytest.mark.parametrize("latex", [
    r"\textit{Synthetic} title", r"the $\beta$ cell", r"line\\break", r"\o x", r"\'{}e",
    r"\vs", r"Really?`", r"?``", r"\"{ab}", r"\t{oo}",
])
def test_other_latex_is_left_to_pylatexenc(latex: str) -> None:
    assert decode_pieces(latex) is None
