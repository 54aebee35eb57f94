"""Where evidence comes from and what it says: sources, excerpts, evidence links."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, model_validator

from ._base import Value
from .appraisal import Appraisal
from .types import DOI, IRI, Identifier, Label, SourceKind, Stance, Text, Wave

__all__ = ["Coding", "Evidence", "Excerpt", "Source"]


class Source(Value):
    """Where evidence comes from: an interview, an observation, a published paper...

    Example:
        >>> Source(id="tierney2024", kind="publication", doi="https://doi.org/10.3310/ETND8254")
        Source(id='tierney2024', kind='publication', doi='10.3310/ETND8254')
    """

    _shown_by_id = True
    _unordered = frozenset({"groups"})
    id: Identifier
    kind: SourceKind
    title: Label | None = None
    participant: Label | None = Field(None, description="The participant's (pseudonymous) id.")
    participant_role: Label | None = Field(None, description="e.g. patient, link worker.")
    site: Label | None = None
    wave: Wave | None = Field(None, description="Wave or timepoint of data collection.")
    groups: tuple[Label, ...] = Field(
        (), description="The groups the source belongs to, e.g. 'Site A interviews' (a QDA "
                        "program's document sets).")
    date: dt.date | None = None
    citation: Text | None = None
    doi: DOI | None = None
    url: IRI | None = None
    notes: Text | None = None
    text: Text | None = Field(
        None, description="The whole text of the source (a transcript), when it is kept: "
                          "what excerpts' spans count into, and what QDA exports carry.")
    appraisal: Appraisal | None = Field(
        None, description="Its relevance, rigour and richness, as the team judged them.")

    @property
    def doi_iri(self) -> str | None:
        """The DOI as a resolvable ``https://doi.org/...`` address."""
        return f"https://doi.org/{self.doi}" if self.doi else None


class Coding(Value):
    """One code applied to an excerpt, and who applied it (a team member, not a participant).

    QDA programs record a coder per coding (REFI-QDA's ``creatingUser``); when several
    coders code one passage, each coding says who did.

    Example:
        >>> Coding(code="O: Hope", coder="Ana")
        Coding(code='O: Hope', coder='Ana')
    """

    code: Label
    coder: Label | None = Field(None, description="Who applied the code (a team member).")

    @property
    def sort_key(self) -> str:
        return f"{self.code}\x1f{self.coder or ''}"


class Excerpt(Value):
    """A verbatim passage of a source: a quote, an observation note, a sentence of a paper.

    Where it sits in the source is optional: a character span (``start`` inclusive,
    ``end`` exclusive, counted in code points), a page, a line or a timestamp.
    """

    _shown_by_id = True
    _unordered = frozenset({"codes", "codings"})
    id: Identifier
    source: Source
    text: Text
    start: Annotated[int, Field(ge=0)] | None = None
    end: Annotated[int, Field(ge=0)] | None = None
    page: Label | None = None
    line: Annotated[int, Field(ge=1)] | None = None
    timestamp: Label | None = Field(None, description="Time in a recording, e.g. 00:12:31.")
    codes: tuple[Label, ...] = Field(
        (), description="The QDA codes applied to the passage (kept whether or not a "
                        "configuration cites it yet).")
    codings: tuple[Coding, ...] = Field(
        (), description="Who applied which of the codes (each code is one of 'codes').")
    appraisal: Appraisal | None = Field(
        None, description="Judgements of this passage; what it leaves out, its source's "
                          "appraisal gives.")

    @model_validator(mode="after")
    def _span_is_whole(self) -> Self:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both 'start' and 'end' of the character span, or neither")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"span ends ({self.end}) before it starts ({self.start})")
        if self.codings:
            codes = set(self.codes)
            stray = sorted({coding.code for coding in self.codings if coding.code not in codes})
            if stray:
                raise ValueError(f"codings name codes that are not in 'codes': {stray}")
        return self


class Evidence(Value):
    """An excerpt cited for a configuration, with the stance it takes towards it."""

    excerpt: Excerpt
    stance: Stance
    note: Text | None = None

    @property
    def sort_key(self) -> str:
        return self.excerpt.id

    def citing(self, excerpt: Excerpt) -> Evidence:
        """The same link (stance, note) citing ``excerpt`` instead, made without checking
        anything again.

        For readers making many links that differ only by their excerpt: this link's
        fields were checked when it was made, and ``excerpt`` must be an excerpt made (and
        so checked) by the models. Nothing in a link depends on which excerpt it cites, so
        the copy is what validating it would give, at about a third of the cost (pydantic
        would run the excerpt's own checks again).

        Example:
            >>> paper = Source(id="p", kind="publication")
            >>> first = Evidence(excerpt=Excerpt(id="x1", source=paper, text="One."),
            ...                  stance="supports", note="Synthetic.")
            >>> second = first.citing(Excerpt(id="x2", source=paper, text="Two."))
            >>> second == Evidence(excerpt=second.excerpt, stance="supports", note="Synthetic.")
            True
        """
        # What pydantic's own copy does (BaseModel.__copy__), with the excerpt replaced.
        link = object.__new__(Evidence)
        fields = self.__dict__.copy()
        fields["excerpt"] = excerpt
        put = object.__setattr__
        put(link, "__dict__", fields)
        put(link, "__pydantic_fields_set__", self.__pydantic_fields_set__)
        put(link, "__pydantic_extra__", None)
        put(link, "__pydantic_private__", None)
        return link
