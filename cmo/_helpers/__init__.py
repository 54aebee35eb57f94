"""Reading text files safely, and writing outputs whole under faults.

- :mod:`cmo._helpers.reading`: one clear message for what is not a text file
  (:func:`read_text`), or a guess at its encoding (:func:`guess_encoding`);
- :mod:`cmo._helpers.writing`: one output written whole (:func:`write_atomically`), a fault
  named by the output (:class:`~cmo.exceptions.OutputError`), no litter from a killed writer;
- :mod:`cmo._helpers.file_sets`: several files (a CSV export) as one write
  (:func:`write_set_atomically`), read back whole (:func:`read_set`).
"""

from .file_sets import complete_set, read_set, write_set_atomically
from .reading import guess_encoding, read_text
from .writing import (
                      ABANDONED_AFTER,
                      output_error,
                      remove_abandoned,
                      temporary_file,
                      write_atomically,
                      writing_output,
)

__all__ = ["ABANDONED_AFTER", "complete_set", "guess_encoding", "output_error", "read_set",
           "read_text", "remove_abandoned", "temporary_file", "write_atomically",
           "write_set_atomically", "writing_output"]
