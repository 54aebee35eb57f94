"""Rewriting a collection for sharing: ids renamed, participant ids replaced in text, fields dropped.

One pass over a collection makes a new, valid one: every source, excerpt, element and
configuration is validated again, so the result could have been read from a file.
:class:`cmo.sharing.redaction.Redaction` decides what to rename and drop, and calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import BaseModel

from ..models import (
    AlternativeMechanism,
    Appraisal,
    Codebook,
    Collection,
    Configuration,
    InferenceStep,
    Retroduction,
)
from .pseudonyms import ParticipantRenamer

__all__ = ["CollectionRewrite"]

# Free-text fields in which participant ids are replaced, model by model (quotes are not:
# they are withheld, or shared verbatim on purpose). Labels and themes are drawn on
# diagrams, so they are replaced too.
_ELEMENT_TEXT: Final = ("label", "description", "aliases")
_TEXT_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "collection": ("title", "description"),
    "source": ("title", "citation", "notes", "url", "groups"),
    "excerpt": ("codes",),
    "evidence": ("note",),
    "configuration": ("label", "theme", "notes", "rationale"),
    "context": _ELEMENT_TEXT, "outcome": _ELEMENT_TEXT, "intervention": _ELEMENT_TEXT,
    "actor": _ELEMENT_TEXT,
    "mechanism": ("label", "resource", "reasoning", "description", "aliases"),
    # Analysts' words, not quotes (withholding quotes leaves them), but they may name one.
    "judgement": ("justification",),
    "inference_step": ("inference",),
    "alternative_mechanism": ("mechanism", "set_aside_because"),
}


class CollectionRewrite:
    """One pass over a collection: ids renamed, text replaced, fields dropped."""

    def __init__(self, renamer: ParticipantRenamer, drop: frozenset[str]) -> None:
        self.renamer = renamer
        self.drop = drop

    def _update(self, prefix: str, value: BaseModel, update: dict[str, Any]) -> dict[str, Any]:
        """``update`` plus the replaced free text and the dropped fields of ``value``."""
        for name in _TEXT_FIELDS.get(prefix, ()):
            current = update.get(name, getattr(value, name))
            if isinstance(current, str):
                update[name] = self.renamer.text(current)
            elif isinstance(current, tuple):
                update[name] = tuple(dict.fromkeys(map(self.renamer.text, current)))
        for name in self.drop:
            model, _, field_name = name.partition(".")
            if model == prefix:
                update[field_name] = type(value).model_fields[field_name].default
        if prefix == "excerpt" and ({"excerpt.start", "excerpt.end"} & self.drop):
            update["start"] = update["end"] = None  # a span is whole or absent
        if prefix == "excerpt":
            # Who coded what names team members, which nobody outside the team needs.
            update["codings"] = ()
        if prefix in ("judgement", "inference_step"):
            update["judged_by"] = None  # a team member, as a coder is
        return update

    def _remade(self, prefix: str, value: Any, **update: Any) -> Any:
        # Validated again, so the result is a collection that could have been read.
        return type(value).model_validate({**value.__dict__, **self._update(prefix, value, update)})

    def collection(self, collection: Collection) -> Collection:
        source_ids = self.renamer.identifiers(source.id for source in collection.sources)
        excerpt_ids = self.renamer.identifiers(excerpt.id for excerpt in collection.excerpts)
        # One table for elements of every kind: a context and an outcome sharing an id (a
        # chain) still share it.
        element_ids = self.renamer.identifiers(element.id for element in collection.elements)
        configuration_ids = self.renamer.identifiers(c.id for c in collection.configurations)
        names = self.renamer.names
        sources = {source.id: self._remade("source", source, id=source_ids[source.id],
                                           participant=names.get(source.participant or "",
                                                                 source.participant),
                                           appraisal=self.appraisal(source.appraisal))
                   for source in collection.sources}
        excerpts = {excerpt.id: self._remade("excerpt", excerpt, id=excerpt_ids[excerpt.id],
                                             source=sources[excerpt.source.id],
                                             appraisal=self.appraisal(excerpt.appraisal))
                    for excerpt in collection.excerpts}

        elements = {(element.kind, element.id): self._remade(
            element.kind, element, id=element_ids[element.id]) for element in collection.elements}

        def element(value: Any) -> Any:
            return elements[value.kind, value.id]

        def configuration(value: Configuration) -> Configuration:
            evidence = tuple(self._remade("evidence", item, excerpt=excerpts[item.excerpt.id])
                             for item in value.evidence)
            # Ids of the version it comes from, renamed as that version's are.
            origins = tuple(map(self.renamer.identifier, value.derived_from))
            return self._remade(
                "configuration", value.with_elements(element), id=configuration_ids[value.id],
                derived_from=origins, evidence=evidence,
                retroduction=self.retroduction(value.retroduction, excerpt_ids))

        return self._remade(
            "collection", collection, sources=tuple(sources.values()),
            excerpts=tuple(excerpts.values()), elements=tuple(elements.values()),
            configurations=tuple(map(configuration, collection.configurations)),
            codebook=self.codebook(collection.codebook))

    def appraisal(self, appraisal: Appraisal | None) -> Appraisal | None:
        """The judgements with participant ids replaced in their justifications, and no
        judge (dropped fields of ``judgement`` left out)."""
        if appraisal is None:
            return None
        return self._remade("appraisal", appraisal, **{
            dimension: self._remade("judgement", judgement)
            for dimension, judgement in appraisal.judgements()})

    def retroduction(self, log: Retroduction | None, excerpt_ids: Mapping[str, str]
                     ) -> Retroduction | None:
        """The log citing the excerpts by their new ids, participant ids replaced in its
        text, and no judge of its steps."""
        if log is None:
            return None

        def cited(value: InferenceStep | AlternativeMechanism) -> tuple[str, ...]:
            return tuple(excerpt_ids[ident] for ident in value.excerpts)

        return self._remade("retroduction", log, steps=tuple(
            self._remade("inference_step", step, excerpts=cited(step)) for step in log.steps),
            alternatives=tuple(self._remade("alternative_mechanism", alternative,
                                            excerpts=cited(alternative))
                               for alternative in log.alternatives))

    def codebook(self, codebook: Codebook) -> Codebook:
        """The codebook with participant ids replaced in its text, as in excerpts' codes
        (a code named after a participant names them), so labels still match."""
        if not codebook.codes and not codebook.sets:
            return codebook
        text = self.renamer.text

        def optional(value: str | None) -> str | None:
            return text(value) if value is not None else None

        return Codebook(
            codes=tuple(code.replaced(name=text(code.name), parent=optional(code.parent),
                                      description=optional(code.description))
                        for code in codebook.codes),
            sets=tuple(code_set.replaced(name=text(code_set.name),
                                         description=optional(code_set.description),
                                         codes=tuple(map(text, code_set.codes)))
                       for code_set in codebook.sets))
