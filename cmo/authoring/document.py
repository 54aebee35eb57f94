"""The authoring format: what a researcher writes by hand, in YAML or JSON.

It holds the same things as :class:`cmo.models.Collection`, but excerpts name their
source and configurations name their elements and excerpts by id. An element in a
configuration is written inline, either as text (a label: it contains a space) or as a
mapping, or is referenced by the id of an element declared under ``elements``
(an id has no spaces). ``docs/format.md`` documents it with a complete example.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..models import (
    Actor,
    AppraisalScales,
    Codebook,
    Configuration,
    Context,
    ElementByKind,
    Excerpt,
    Intervention,
    Mechanism,
    MiddleRangeTheory,
    Outcome,
    Source,
)
from ..models.types import Identifier, Stance, Text

__all__ = ["SCHEMA_ID", "Document", "EvidenceEntry", "json_schema"]

SCHEMA_ID: Final = "https://w3id.org/cmo/schema/authoring-1.json"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _with_references(model: type[BaseModel], name: str, doc: str, **replaced: Any) -> Any:
    """A copy of ``model``'s fields in which the ones named are written differently."""
    fields: dict[str, Any] = {
        field_name: (info.annotation, info)
        for field_name, info in model.model_fields.items()
        if field_name not in replaced
    }
    fields.update(replaced)
    return create_model(name, __base__=_Entry, __doc__=doc, **fields)


class EvidenceEntry(_Entry):
    """An excerpt cited by id, with its stance towards the configuration."""

    excerpt: Identifier = Field(description="The id of an excerpt under 'excerpts'.")
    stance: Stance
    note: Text | None = None


def _slot(element: type[BaseModel]) -> Any:
    kind = element.model_fields["kind"].default
    return tuple[str | element, ...], Field(  # type: ignore[valid-type]
        (), description=f"Each {kind}: its id, its label as text, or a mapping.")


ExcerptEntry = _with_references(
    Excerpt, "ExcerptEntry", "A verbatim passage of a source, which is named by id.",
    source=(Identifier, Field(description="The id of a source under 'sources'.")),
)
ConfigurationEntry = _with_references(
    Configuration, "ConfigurationEntry",
    "A configuration whose elements and excerpts may be given by id.",
    contexts=_slot(Context),
    outcomes=_slot(Outcome),
    interventions=_slot(Intervention),
    actors=_slot(Actor),
    mechanism=(str | Mechanism | None, Field(
        None, description="The mechanism: its id, or a mapping with resource and/or reasoning.")),
    evidence=(tuple[EvidenceEntry, ...], ()),
)


class Document(_Entry):
    """A programme theory file: sources, excerpts, elements and configurations."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              title="cmo programme theory")

    schema_: str | None = Field(None, alias="$schema",
                                description="The JSON Schema of this format, for editors.")
    id: str | None = Field(
        None, description="The theory's identifier, the same in each of its versions "
                          "(it names the theory in a triple store), e.g. 'social-prescribing'.")
    title: str | None = None
    version: str | None = Field(None, description="Version label, e.g. 'IPT' or 'v2'.")
    revises: str | None = Field(
        None, description="The label of the version this one refines, e.g. 'IPT'.")
    date: dt.date | None = Field(None, description="When this version was settled.")
    description: str | None = None
    appraisal_scales: AppraisalScales = Field(
        AppraisalScales(), description="The levels that sources and excerpts are judged on "
        "for relevance, rigour and richness, highest first: declared once for the project "
        "(high / moderate / low when left out).")
    theories: tuple[MiddleRangeTheory, ...] = Field(
        (), description="Middle-range theories the configurations cite by name.")
    sources: tuple[Source, ...] = ()
    excerpts: tuple[ExcerptEntry, ...] = ()  # type: ignore[valid-type]
    elements: tuple[ElementByKind, ...] = ()
    configurations: tuple[ConfigurationEntry, ...] = ()  # type: ignore[valid-type]
    codebook: Codebook | None = Field(
        None, description="The QDA code tree (codes, their descriptions and colours) and "
                          "code sets, applied to excerpts or not.")


def json_schema() -> str:
    """The JSON Schema of the authoring format, as indented JSON text.

    Example:
        >>> schema = json.loads(json_schema())
        >>> sorted(schema["properties"])[:4]
        ['$schema', 'appraisal_scales', 'codebook', 'configurations']
    """
    schema = Document.model_json_schema(by_alias=True)
    # A judgement is written as its level alone when nothing more is said (``rigour: high``).
    judgement = schema["$defs"]["Judgement"]
    schema["$defs"]["Judgement"] = {
        "title": judgement.pop("title"), "description": judgement.pop("description"),
        "anyOf": [{"type": "string", "minLength": 1, "description": "The level alone."},
                  judgement]}
    schema["$defs"]["Appraisal"]["minProperties"] = 1  # leave it out when nothing is judged
    for scale in schema["$defs"]["AppraisalScales"]["properties"].values():
        scale["uniqueItems"] = True
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
