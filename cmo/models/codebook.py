"""A QDA codebook: the code tree (names, descriptions, colours) and the code sets.

A theory's codebook is part of it: it survives when no code is applied yet (a codebook-only
MAXQDA project, an ATLAS.ti project with unapplied codes), and travels through every format.
A code is known by its *label*, the names from the top of the tree down to it joined by
``" / "``: the label excerpts carry in ``Excerpt.codes``, so ``codebook.code(label)`` finds
the code of any coded passage. A code names its parent by the parent's label.

The codes ``cmo`` writes for configurations and their elements (``C:``, ``Mr:``, ``O:``...)
when it exports a project are not part of the codebook: they are made from the
configurations each time.

Example:
    >>> codebook = Codebook(codes=[
    ...     Code(name="Feelings", colour="#f0a"),
    ...     Code(name="Hope", parent="Feelings", description="Looking forward to something."),
    ... ], sets=[CodeSet(name="Outcomes", codes=["Feelings / Hope"])])
    >>> codebook.code("Feelings / Hope").description
    'Looking forward to something.'
    >>> codebook.code("Feelings").colour
    '#FF00AA'
    >>> [code.label for code in codebook.in_tree_order()]
    ['Feelings', 'Feelings / Hope']
    >>> Codebook(codes=[Code(name="Hope", parent="Feelings")])
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Codebook
      Value error, code 'Feelings / Hope': its parent 'Feelings' is not a code of the codebook...
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Annotated, Final, Self

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from ._base import Value
from .types import Label, Text

__all__ = ["SEPARATOR", "Code", "CodeSet", "Codebook", "Colour"]

#: What joins the names of a code's path into its label (as QDA import writes it).
SEPARATOR: Final = " / "
_COLOUR: Final = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")


def _colour(value: str) -> str:
    """``#RRGGBB`` in upper case; ``#RGB`` (which REFI-QDA allows) is written out in full."""
    if not _COLOUR.fullmatch(value):
        raise ValueError(f"{value!r} is not a colour written as #RRGGBB (e.g. #1F77B4)")
    digits = value[1:].upper()
    return "#" + ("".join(digit * 2 for digit in digits) if len(digits) == 3 else digits)


#: A colour as REFI-QDA writes it, kept as ``#RRGGBB``.
Colour = Annotated[str, BeforeValidator(str.strip), AfterValidator(_colour),
                   Field(description="A colour, #RRGGBB, e.g. #1F77B4.",
                         json_schema_extra={"pattern": f"^{_COLOUR.pattern}$"})]


class Code(Value):
    """A code of the codebook: its name, where it sits, what it means, its colour."""

    name: Label
    parent: Label | None = Field(
        None, description="The label of the code it sits under (its path, joined by ' / ').")
    description: Text | None = None
    colour: Colour | None = None

    @property
    def label(self) -> str:
        """The code's path from the top of the tree, as excerpts carry it."""
        return f"{self.parent}{SEPARATOR}{self.name}" if self.parent else self.name

    @property
    def sort_key(self) -> str:
        return self.label


class CodeSet(Value):
    """A named group of codes (NVivo's sets, ATLAS.ti's code groups, MAXQDA's code sets)."""

    _unordered = frozenset({"codes"})
    name: Label
    description: Text | None = None
    codes: tuple[Label, ...] = Field((), description="The labels of its member codes.")

    @property
    def sort_key(self) -> str:
        return self.name


class Codebook(Value):
    """The code tree and the code sets of a theory (see the module's description)."""

    _unordered = frozenset({"codes", "sets"})
    codes: tuple[Code, ...] = ()
    sets: tuple[CodeSet, ...] = ()

    @model_validator(mode="after")
    def _a_tree(self) -> Self:
        problems: list[str] = []
        labels: dict[str, Code] = {}
        for code in self.codes:
            if labels.setdefault(code.label, code) is not code:
                problems.append(f"two codes have the label {code.label!r}")
        for code in self.codes:
            if code.parent is not None and code.parent not in labels:
                problems.append(f"code {code.label!r}: its parent {code.parent!r} is not a "
                                "code of the codebook")
        names: set[str] = set()
        for code_set in self.sets:
            if code_set.name in names:
                problems.append(f"two code sets are named {code_set.name!r}")
            names.add(code_set.name)
            unknown = sorted(set(code_set.codes) - labels.keys())
            if unknown:
                problems.append(f"code set {code_set.name!r} names codes that are not in the "
                                f"codebook: {unknown}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @classmethod
    def merged(cls, *codebooks: Codebook) -> tuple[Codebook, list[str]]:
        """One codebook holding every code and set of ``codebooks``, and the labels (and set
        names) they give different content: for those, the first one's is kept.

        Example:
            >>> first = Codebook(codes=[Code(name="Hope", colour="#00FF00")])
            >>> second = Codebook(codes=[Code(name="Hope"), Code(name="Trust")])
            >>> book, differing = Codebook.merged(first, second)
            >>> [(code.label, code.colour) for code in book.codes], differing
            ([('Hope', '#00FF00'), ('Trust', None)], ['Hope'])
        """
        codes: dict[str, Code] = {}
        sets: dict[str, CodeSet] = {}
        differing: list[str] = []
        for codebook in codebooks:
            for code in codebook.codes:
                if codes.setdefault(code.label, code) != code:
                    differing.append(code.label)
            for code_set in codebook.sets:
                seen = sets.setdefault(code_set.name, code_set)
                if seen is not code_set:
                    if seen.description != code_set.description:
                        differing.append(code_set.name)
                    sets[code_set.name] = seen.replaced(codes=tuple(dict.fromkeys(
                        (*seen.codes, *code_set.codes))))
        if len(codebooks) == 1:
            return codebooks[0], []
        return cls(codes=tuple(codes.values()), sets=tuple(sets.values())), list(
            dict.fromkeys(differing))

    def code(self, label: str) -> Code | None:
        """The code with this label (as ``Excerpt.codes`` carry it), or None."""
        return next((code for code in self.codes if code.label == label), None)

    def in_tree_order(self) -> list[Code]:
        """Every code, each parent before its children, siblings in the codebook's order."""
        children: dict[str | None, list[Code]] = defaultdict(list)
        for code in self.codes:
            children[code.parent].append(code)
        ordered: list[Code] = []
        waiting = list(reversed(children[None]))
        while waiting:
            code = waiting.pop()
            ordered.append(code)
            waiting.extend(reversed(children[code.label]))
        return ordered

    def renamed(self, label: str, name: str) -> tuple[Codebook, dict[str, str]]:
        """The codebook with a code renamed, and every label that changed (old -> new): the
        code's own, and those of the codes below it.

        Example:
            >>> book = Codebook(codes=[Code(name="Trust"), Code(name="Early", parent="Trust")])
            >>> book, changed = book.renamed("Trust", "Trusting")
            >>> changed
            {'Trust': 'Trusting', 'Trust / Early': 'Trusting / Early'}
        """
        old = self.code(label)
        if old is None:
            raise KeyError(f"no code {label!r} in the codebook")
        new_label = old.replaced(name=name).label
        changed = {label: new_label}

        def moved(value: str | None) -> str | None:
            if value is None:
                return None
            if value == label or value.startswith(label + SEPARATOR):
                return new_label + value[len(label):]
            return value

        codes = []
        for code in self.codes:
            updated = code.replaced(name=name) if code is old else code.replaced(
                parent=moved(code.parent))
            if updated.label != code.label:
                changed[code.label] = updated.label
            codes.append(updated)
        sets = [code_set.replaced(codes=tuple(changed.get(member, member)
                                              for member in code_set.codes))
                for code_set in self.sets]
        return Codebook(codes=codes, sets=sets), changed
