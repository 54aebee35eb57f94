"""Values read out of a project's XML elements: a child's text, variable values, and the
text of a file in the archive, decoded.

Example:
    >>> from lxml import etree
    >>> element = etree.fromstring(f'<Source xmlns="{NAMESPACE}"><Description>Synthetic'
    ...                            '</Description></Source>')
    >>> text_of(element, f"{NS}Description")
    'Synthetic'
"""

from __future__ import annotations

from typing import Any, Final

from .guids import normal_guid
from .model import NAMESPACE, Project

__all__ = ["NS", "decode", "text_of", "variable_values"]

#: The namespace of project XML as element tags spell it: ``{urn:QDA-XML:project:1.0}``.
NS: Final = f"{{{NAMESPACE}}}"


def text_of(element: Any, tag: str) -> str | None:
    """The text of the first child ``tag`` of ``element``, or None when it has none."""
    found = element.find(tag)
    return found.text if found is not None and found.text else None


def variable_values(element: Any, variables: dict[str, str]) -> dict[str, str]:
    """The values an element (a source, a case) gives the project's variables, by name;
    ``variables`` names each variable by its GUID."""
    values = {}
    for value in element.iterfind(f"{NS}VariableValue"):
        reference = value.find(f"{NS}VariableRef")
        name = variables.get(normal_guid(reference.get("targetGUID", ""))) if reference is not None \
            else None
        content = next((child.text for child in value if child.tag != f"{NS}VariableRef"
                        and child.text), None)
        if name and content is not None:
            values[name] = content.strip()
    return values


def decode(data: bytes, name: str, project: Project) -> str:
    """The text of a file of the archive (a source's, a note's); what is not UTF-8 is
    replaced, and said in the project's warnings."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # NVivo and QualCoder write a byte-order mark; offsets count without it
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        project.warnings.append(f"source {name!r} is not UTF-8 (byte {error.start}); "
                                "undecodable bytes were replaced")
        return data.decode("utf-8", errors="replace")
