"""The mapping file: how a team's QDA coding maps to configurations (``--map MAP.yaml``).

Example:
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "map.yaml"
    >>> _ = path.write_text("roles:\\n  Hopeful: outcome\\nsources:\\n  participant: case\\n")
    >>> mapping = read_mapping(path)
    >>> mapping.roles, mapping.sources.participant, mapping.offsets
    ({'Hopeful': 'outcome'}, 'case', 'auto')
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._helpers import read_text
from .._helpers.yaml_text import parse_yaml
from ..exceptions import InputError, Problem
from ..models.types import SourceKind, Stance
from .offsets import OffsetChoice
from .roles import RoleName

__all__ = ["Mapping", "SourceFields", "read_mapping"]

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceFields(_Strict):
    """Where each source field comes from: ``case`` (the case's name) or a variable's name."""

    participant: str | None = Field("case", description="'case', a variable name, or null.")
    participant_role: str | None = Field(None, alias="role")
    site: str | None = None
    wave: str | None = None
    kind: SourceKind = Field("interview", description="The kind of every source.")


class Mapping(_Strict):
    """What a mapping file says; every key is optional."""

    roles: dict[str, RoleName] = Field(
        default_factory=dict, description="Code name or 'Parent/Child' path -> its part.")
    window: int = Field(0, ge=0, description="Characters between two selections of one "
                                             "source that still put their codes together.")
    offsets: OffsetChoice = "auto"
    stance: Stance = "supports"
    sources: SourceFields = SourceFields()


def read_mapping(path: str | Path | None) -> Mapping:
    """Read a mapping file (YAML); None gives the defaults.

    Raises:
        InputError: the file cannot be read, or a key or value is not one we know.
    """
    if path is None:
        return Mapping()
    try:
        parsed = parse_yaml(read_text(path))
    except InputError as error:
        raise error.with_source(path) from None
    try:
        return Mapping.model_validate(parsed.data if parsed.data is not None else {})
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_input=False, include_url=False):
            line = parsed.locate(tuple(detail["loc"]))
            key = ".".join(map(str, detail["loc"]))
            problems.append(Problem(f"line {line}, {key}" if line else key,
                                    detail["msg"].removeprefix("Value error, "),
                                    "see docs/qda.md for the keys and values a map takes"))
        raise InputError(problems, source=path) from None
