"""Labels and identifiers: how two spellings of one element are recognised as the same.

A researcher writes "Patient trusts the link worker" in one configuration and
"patient trusts the link worker." in another: those are one element. Identifiers derived
from labels are stable (the same label always gives the same id), readable, and safe in
IRIs, file names and Graphviz.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Final

__all__ = ["IDENTIFIER_PATTERN", "derive_id", "normalise_label", "slugify"]

#: What an identifier may look like: ASCII letters, digits, ``_ . -``, starting with a
#: letter, digit or underscore. Safe in IRIs, YAML plain scalars and Graphviz ids.
IDENTIFIER_PATTERN: Final = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$"

#: Slugs longer than this are cut at a word boundary: ids stay short enough to read and type.
_MAX_SLUG: Final = 40
#: Hex digits of the whole text's digest after a cut slug, which keep two cut slugs apart.
_DIGEST: Final = 4
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_EDGE_PUNCTUATION: Final = " \t\n.,;:!?\"'()[]{}“”‘’«»"


def normalise_label(label: str) -> str:
    """The form of a label used to decide whether two elements are the same.

    Unicode is folded to NFKC, case is folded, runs of white space become one space and
    punctuation at either end is dropped.

    Example:
        >>> normalise_label("  Patient  trusts the Link Worker. ")
        'patient trusts the link worker'
        >>> normalise_label("“Hope”") == normalise_label("hope")
        True
    """
    folded = unicodedata.normalize("NFKC", label).casefold()
    return _SPACES.sub(" ", folded).strip(_EDGE_PUNCTUATION)


def slugify(text: str, *, distinct: bool = True) -> str:
    """A lower-case ASCII slug of ``text``: letters and digits joined by hyphens.

    A slug longer than 40 characters is cut after its last whole word that fits. Two long
    texts may begin alike, so a cut slug ends with four hex digits of the whole text's
    digest (the same text always gives the same slug); with ``distinct=False`` it does not,
    for callers that keep their names apart themselves (with :func:`unique_name`). Text
    with no ASCII letter or digit at all gives its digest.

    Example:
        >>> slugify("Patient trusts the link worker")
        'patient-trusts-the-link-worker'
        >>> slugify("Café société")
        'cafe-societe'
        >>> slugify("Link worker listens, and knows the local services and groups well")
        'link-worker-listens-and-knows-the-local-031f'
        >>> slugify("Link worker listens, and knows the local services", distinct=False)
        'link-worker-listens-and-knows-the-local'
    """
    ascii_text = unicodedata.normalize("NFKD", normalise_label(text))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) <= _MAX_SLUG and slug:
        return slug
    digest = hashlib.sha1(normalise_label(text).encode("utf-8")).hexdigest()
    if not slug:
        return digest[:8]
    head = slug[:_MAX_SLUG + 1]
    cut = head.rsplit("-", 1)[0] if "-" in head else slug[:_MAX_SLUG]
    return f"{cut}-{digest[:_DIGEST]}" if distinct else cut


def derive_id(prefix: str, *texts: str | None) -> str:
    """A stable identifier made from a kind prefix and the texts that describe a thing.

    Example:
        >>> derive_id("c", "Patient unsure of the link worker role")
        'c-patient-unsure-of-the-link-worker-role'
        >>> derive_id("m", "Link worker listens", "Patient feels heard")
        'm-link-worker-listens-patient-feels-heard'
    """
    return f"{prefix}-{slugify(' '.join(text for text in texts if text))}"
