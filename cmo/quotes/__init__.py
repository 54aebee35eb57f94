"""Checking quotes against their sources: is each excerpt really in the text it cites?

- :mod:`cmo.quotes.normalising`: typography folded, offsets kept;
- :mod:`cmo.quotes.matching`: one quote in one text (:func:`match_quote`);
- :mod:`cmo.quotes.texts`: the sources' texts, from the theory or a folder;
- :mod:`cmo.quotes.verification`: every excerpt of a theory (:func:`verify`), summaries
  by source and configuration, and offsets corrected (:meth:`Verification.fixed`).
"""

from .matching import NEAR_SCORE, STATUSES, Match, difference, match_quote
from .texts import source_texts
from .verification import Verification, verify

__all__ = ["NEAR_SCORE", "STATUSES", "Match", "Verification", "difference", "match_quote",
           "source_texts", "verify"]
