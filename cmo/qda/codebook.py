"""A REFI-QDA code tree as a theory's codebook: from a project, or from a ``.qdc`` file.

A project's whole code tree becomes :class:`~cmo.models.Codebook`, applied codes or not,
with descriptions, colours and code sets; a ``.qdc`` codebook (no sources, no coding) is
read the same way. The code tree is parsed by :func:`cmo.qda.project.read_codes`, the
parser projects use, so both are read alike. What cannot be kept (a code without a name,
a colour that is not ``#RRGGBB``, a set member that is not a code) is reported as a
:class:`~cmo.exceptions.CmoWarning` and left out.

Example:
    >>> qdc = getfixture("tmp_path") / "codebook.qdc"
    >>> _ = qdc.write_text('''<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
    ...   <Code guid="8B6A3E6C-0000-4000-8000-000000000001" name="Feelings" isCodable="false"
    ...         color="#1F77B4">
    ...     <Code guid="8B6A3E6C-0000-4000-8000-000000000002" name="Hope" isCodable="true">
    ...       <Description>Synthetic: looking forward.</Description></Code></Code>
    ... </Codes><Sets/></CodeBook>''')
    >>> book = read_qdc(qdc).codebook
    >>> [(code.label, code.colour, code.description) for code in book.codes]
    [('Feelings', '#1F77B4', None), ('Feelings / Hope', None, 'Synthetic: looking forward.')]
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from .._helpers import read_text
from ..exceptions import CmoWarning, InputError, Problem
from ..models import Code, Codebook, CodeSet, Collection
from .project import Project, normal_guid, read_codes, stable_guid
from .safe_xml import parse_xml

__all__ = ["CODEBOOK_NAMESPACE", "codebook_of", "read_qdc"]

#: The namespace of a REFI-QDA codebook (``.qdc``).
CODEBOOK_NAMESPACE: Final = "urn:QDA-XML:codebook:1.0"
#: A spelling some programs write (a colon for the dot); read as the standard's.
_MISSPELT: Final = "urn:QDA-XML:codebook:1:0"
_SHOWN: Final = 5
#: The branches ``cmo`` writes (:mod:`cmo.qda.exporting`): its configurations, made again
#: from the theory, and the excerpts' codes that are not in the codebook, by their labels.
_CONFIGURATIONS_BRANCH: Final = stable_guid("branch", "configurations")
_DATA_BRANCH: Final = stable_guid("branch", "codes")


def codebook_of(project: Project, *, name: str) -> Codebook:
    """The codebook of a project: every code in tree order and every set of codes.

    Codes are labelled as QDA import labels excerpts' codes (their path joined by
    ``" / "``), so ``codebook.code(label)`` finds the code of any excerpt's code.
    """
    labels: dict[str, str] = {}  # GUID -> label
    taken: set[str] = set()  # the labels given
    codes: list[Code] = []
    left_out: list[str] = []
    colours: list[str] = []
    made_by_cmo = {_CONFIGURATIONS_BRANCH}
    for guid, found in project.codes.items():  # parents come before their children
        if guid in made_by_cmo or found.parent in made_by_cmo:
            made_by_cmo.add(guid)  # configurations are made again from the theory
            continue
        if guid == _DATA_BRANCH:
            continue  # the codes below it are the excerpts' codes, by their labels
        parent = labels.get(found.parent) if found.parent and found.parent != _DATA_BRANCH \
            else None
        if not found.name or (parent is None and found.parent not in (None, _DATA_BRANCH)):
            left_out.append(found.name or guid)
            continue
        code = _code(found.name, parent, found.description, found.colour, colours)
        if code is None or code.label in taken:
            left_out.append(found.name)
            continue
        labels[guid] = code.label
        taken.add(code.label)
        codes.append(code)
    sets, stray = [], 0
    for set_name, members in project.sets.items():
        known = [labels[member] for member in members if member in labels]
        stray += len(members) - len(known)
        description = project.set_descriptions.get(set_name)
        if set_name.strip():
            sets.append(CodeSet(name=set_name, description=description,
                                codes=tuple(dict.fromkeys(known))))
    report = []
    if left_out:
        report.append(f"{len(left_out)} codes could not be kept in the codebook (no name, a "
                      f"name used twice at one place, or under such a code): "
                      f"{_names(left_out)}")
    if colours:
        report.append(f"{len(colours)} code colours are not #RRGGBB and were left out: "
                      f"{_names(colours)}")
    if stray:
        report.append(f"{stray} members of code sets are not codes of the codebook and were "
                      "left out")
    for line in report:
        warnings.warn(f"{name}: {line}", CmoWarning, stacklevel=3)
    return Codebook(codes=codes, sets=sets)


def _code(name: str, parent: str | None, description: str | None, colour: str | None,
          bad_colours: list[str]) -> Code | None:
    """A code, without a colour it cannot read (noted in ``bad_colours``)."""
    description = description if description and description.strip() else None
    try:
        code = Code(name=name, parent=parent, description=description)
    except ValidationError:
        return None
    if colour:
        try:
            code = Code(name=name, parent=parent, description=description, colour=colour)
        except ValidationError:
            bad_colours.append(colour)
    return code


def read_qdc(path: str | Path) -> Collection:
    """Read a REFI-QDA codebook (``.qdc``) into a theory that holds only its codebook.

    Raises:
        InputError: not a REFI-QDA codebook, or XML that is unsafe or broken.
    """
    root = parse_xml(read_text(path).encode("utf-8"), source=str(path))
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if namespace == _MISSPELT:
        warnings.warn(f"{path}: its namespace is spelt {_MISSPELT!r}; read as the standard's "
                      f"{CODEBOOK_NAMESPACE!r}", CmoWarning, stacklevel=2)
    elif namespace != CODEBOOK_NAMESPACE or root.tag.split("}")[-1] != "CodeBook":
        raise InputError([Problem("", f"is not a REFI-QDA codebook (its root is {root.tag!r}; "
                                  f"expected CodeBook in {CODEBOOK_NAMESPACE!r})",
                                  "export the codebook again from the QDA program as .qdc")],
                         source=str(path))
    ns = f"{{{namespace}}}"
    project = Project(name=Path(path).stem)
    codes = root.find(f"{ns}Codes")
    if codes is not None:
        read_codes(codes, project, source=str(path), namespace=namespace)
    for found in root.iterfind(f"{ns}Sets/{ns}Set"):
        set_name = (found.get("name") or "").strip()
        # A codebook's members name their code by ``guid`` (a project's by ``targetGUID``).
        project.sets[set_name] = [normal_guid(member.get("guid") or member.get("targetGUID")
                                              or "") for member in found.iterfind(f"{ns}MemberCode")]
        description = found.find(f"{ns}Description")
        if description is not None and description.text and description.text.strip():
            project.set_descriptions[set_name] = description.text
    if not project.codes:
        warnings.warn(f"{path}: the codebook holds no codes", CmoWarning, stacklevel=2)
    try:
        return Collection(codebook=codebook_of(project, name=str(path)))
    except ValueError as error:
        raise InputError([Problem("", str(error))], source=str(path)) from None


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")

