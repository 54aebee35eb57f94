"""Every benchmarked stage: what ``cmo`` does, and its floor, the same raw work done by the
dependency alone. One module per area holds its stages and their floors side by side.

Each stage prepares, untimed, whatever its two sides need from the workload, and gives
back the two pieces of work to time. Both are timed under the same conditions
(:mod:`measure`): the cyclic garbage collector paused during every run, ours and the
floor's alike (as ``cmo``'s readers and writers pause it themselves), the garbage of the
last run collected, untimed, before the next, and the workload frozen out of the
collector's sight. A floor therefore needs no collector handling of its own. Preparing per stage keeps only the stage's extra
inputs in memory (``Stage.keeps`` names the inputs stages share).

The stages run in the order of :data:`STAGES`: the exports before the import that reads
their file. Results are shown in the order the stages are named in (:data:`STAGE_NAMES`).
"""

from __future__ import annotations

from typing import Final

from . import drawing, linked_data, loading, qda, questions, report, versions
from .common import AfterOurs, Stage, Work

__all__ = ["STAGES", "STAGE_NAMES", "AfterOurs", "Stage", "Work"]

STAGES: Final[tuple[Stage, ...]] = (*loading.STAGES, *questions.STAGES, *versions.STAGES,
                                    *drawing.STAGES, *linked_data.STAGES, *qda.STAGES,
                                    *report.STAGES)
#: The stages in the order they are named and shown in.
STAGE_NAMES: Final = ("load-yaml", "load-json", "graph", "queries", "matrix", "agreement", "diff",
                      "merge", "dot-source", "dot-layout", "outline", "rdf-export-turtle",
                      "rdf-export-jsonld",
                      "rdf-import-turtle", "rdf-export-ntriples", "qdpx-import", "qdpx-export",
                      "qdpx-reimport",
                      "report")
assert sorted(STAGE_NAMES) == sorted(stage.name for stage in STAGES)
