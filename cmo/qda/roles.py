"""What part of a configuration each QDA code stands for.

Three ways, in this order: the user's mapping file (by code name or path), a name prefix
(``C:`` context, ``M:`` or ``Mr:`` mechanism reasoning, ``Mres:`` mechanism resource,
``O:`` outcome, ``I:`` intervention, ``A:`` actor, ``CMOC:`` a configuration), and the
branch of the code tree a code sits in (a top-level code named Contexts, Mechanisms with
Resources and Reasoning under it, Outcomes, Interventions, Actors, or Configurations).

Example:
    >>> from cmo.qda.project import Code
    >>> codes = {"1": Code("1", "Outcomes"), "2": Code("2", "Feels hopeful", parent="1"),
    ...          "3": Code("3", "Mres: Link worker listens")}
    >>> roles = assign_roles(codes, {})
    >>> roles["2"], roles["3"], roles.get("1")
    (Role(kind='outcome', label='Feels hopeful'), Role(kind='resource', label='Link worker listens'), None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from .._helpers.labels import did_you_mean
from .project import Code

__all__ = ["Role", "RoleKind", "RoleName", "assign_roles", "unmatched_entries"]

RoleKind = Literal["context", "reasoning", "resource", "outcome", "intervention", "actor",
                   "configuration", "ignore"]
#: What a mapping file may call a code's part: a kind, or "mechanism" for its reasoning.
RoleName = Literal["context", "mechanism", "reasoning", "resource", "outcome", "intervention",
                   "actor", "configuration", "ignore"]

_PREFIXES: Final[dict[str, RoleKind]] = {
    "c": "context", "m": "reasoning", "mr": "reasoning", "mres": "resource", "o": "outcome",
    "i": "intervention", "a": "actor", "cmo": "configuration", "cmoc": "configuration"}
_PREFIX: Final = re.compile(r"^\s*(mres|mr|cmoc|cmo|c|m|o|i|a)\s*:\s*(\S.*)$", re.IGNORECASE)
_BRANCHES: Final[dict[str, RoleKind]] = {
    "context": "context", "contexts": "context", "mechanism": "reasoning",
    "mechanisms": "reasoning", "reasoning": "reasoning", "resource": "resource",
    "resources": "resource", "outcome": "outcome", "outcomes": "outcome",
    "intervention": "intervention", "interventions": "intervention", "strategy": "intervention",
    "strategies": "intervention", "actor": "actor", "actors": "actor",
    "configuration": "configuration", "configurations": "configuration", "cmoc": "configuration",
    "cmocs": "configuration", "cmo configurations": "configuration"}


@dataclass(frozen=True, slots=True)
class Role:
    """A code's part: its kind and the label of the element (or configuration) it names."""

    kind: RoleKind
    label: str


def assign_roles(codes: Mapping[str, Code], mapping: Mapping[str, str]) -> dict[str, Role]:
    """The role of each code that has one, by GUID (``ignore`` for codes the map sets aside).

    Args:
        codes: the codebook, by GUID.
        mapping: code name or ``Parent/Child`` path -> role kind, from the mapping file
            (``mechanism`` means its reasoning).
    """
    roles: dict[str, Role] = {}
    for guid, code in codes.items():
        role = _mapped(code, codes, mapping) or _prefixed(code.name) or _branch(code, codes)
        if role is not None:
            roles[guid] = role
    return roles


def unmatched_entries(codes: Mapping[str, Code],
                      mapping: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """The mapping's entries that name no code (by name or ``Parent/Child`` path), each
    with a did-you-mean where a code's name or path is close: a typo there maps nothing.

    Example:
        >>> codes = {"1": Code("1", "Outcomes"), "2": Code("2", "Feels hopeful", parent="1")}
        >>> unmatched_entries(codes, {"Feels hopefull": "outcome", "Outcomes/Feels hopeful": "outcome"})
        [('Feels hopefull', "did you mean 'Feels hopeful'?")]
    """
    names = {code.name for code in codes.values()}
    paths = {"/".join(code.path(dict(codes))) for code in codes.values()}
    return [(entry, did_you_mean(entry, paths if "/" in entry else names))
            for entry in mapping if entry not in names and entry not in paths]


def _mapped(code: Code, codes: Mapping[str, Code], mapping: Mapping[str, str]) -> Role | None:
    path = "/".join(code.path(dict(codes)))
    kind = mapping.get(path) or mapping.get(code.name)
    if kind is None:
        return None
    prefixed = _prefixed(code.name)
    label = prefixed.label if prefixed else code.name
    return Role("reasoning" if kind == "mechanism" else kind, label)  # type: ignore[arg-type]


def _prefixed(name: str) -> Role | None:
    match = _PREFIX.match(name)
    if match is None:
        return None
    return Role(_PREFIXES[match.group(1).lower()], match.group(2).strip())


def _branch(code: Code, codes: Mapping[str, Code]) -> Role | None:
    """A code below a branch named for a part takes that part (the nearest branch wins)."""
    parent = codes.get(code.parent) if code.parent else None
    if parent is not None and _BRANCHES.get(_plain(parent.name)) == "configuration":
        return Role("configuration", code.name)  # a configuration-level code
    kind: RoleKind | None = None
    node = parent
    while node is not None and kind is None:
        found = _BRANCHES.get(_plain(node.name))
        if found != "configuration":
            kind = found
        node = codes.get(node.parent) if node.parent else None
    return Role(kind, code.name) if kind is not None else None


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[()]", "", name)).strip().lower()
