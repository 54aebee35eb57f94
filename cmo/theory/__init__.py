"""The programme theory and everything asked of it.

:mod:`~cmo.theory.graph` merges configurations into one networkx graph
(:class:`~cmo.theory.graph.ProgrammeTheory`); beside it live the questions put to it
(support, queries, numbering), the comparison of two versions (diff) and the merge of
several teams' theories. Everything here takes models and gives values; nothing here
draws, writes files or knows a format.
"""
