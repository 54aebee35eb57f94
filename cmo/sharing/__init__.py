"""What may leave the team: quotes withheld, participants pseudonymised, fields dropped.

:class:`~cmo.sharing.redaction.Redaction` says what to leave out; the keys that make
pseudonyms stable across exports live in :mod:`~cmo.sharing.keys`.
"""
