"""The programme theory and everything asked of it.

:mod:`~cmo.theory.graph` merges configurations into one networkx graph
(:class:`~cmo.theory.graph.ProgrammeTheory`, its files put together by the strict merge of
:mod:`~cmo.theory.merge_strict`); beside it live the questions put to it, which read it
through its shape (:mod:`~cmo.theory.shape`): support, queries, the part around a
configuration or through an element (:mod:`~cmo.theory.neighbourhood`), numbering; the
comparison of two versions (diff); and the reporting merge of several teams' theories
(:mod:`~cmo.theory.merge`, with its identities, renamings, conflicts and result).
Everything here takes models and gives values; nothing here draws, writes files or knows
a format.
"""
