"""What may leave the team: quotes withheld, participants pseudonymised, fields dropped.

:class:`~cmo.sharing.redaction.Redaction` says what to leave out and applies it; quotes are
withheld by :mod:`~cmo.sharing.privacy`, participants get pseudonyms in
:mod:`~cmo.sharing.pseudonyms` (with the keys that make them stable across exports in
:mod:`~cmo.sharing.keys`), and :mod:`~cmo.sharing.rewrite` makes the shared collection.
"""
