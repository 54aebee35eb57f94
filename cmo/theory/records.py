"""Tables of the theory layer: rows (:class:`Records`) and query results (:class:`Listing`).

Values, not presentation: a notebook shows them as HTML tables because :mod:`cmo.notebook`
attaches their ``_repr_html_`` when ``cmo`` is imported.

Example:
    >>> rows = Records([{"configuration": "hope", "evidence": 2}])
    >>> rows == [{"configuration": "hope", "evidence": 2}] and isinstance(rows, list)
    True
    >>> Listing(["hope", "trust"]) == ("hope", "trust")
    True
"""

from __future__ import annotations

from typing import Any

__all__ = ["Listing", "Records"]


class Records(list[dict[str, Any]]):
    """A table: a list of rows (dicts), shown as an HTML table in notebooks.

    ``pandas.DataFrame(records)`` takes it as it is; :meth:`to_pandas` does that.
    """

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame``.

        Raises:
            ImportError: pandas is not installed (``pip install 'cmo-realist[pandas]'``).
        """
        try:
            import pandas
        except ImportError:
            raise ImportError("tables become DataFrames with pandas, which is not installed: "
                              "pip install 'cmo-realist[pandas]' (the rows are a list meanwhile)"
                              ) from None
        return pandas.DataFrame(list(self))


class Listing(tuple[Any, ...]):
    """Results of a query (dataclasses: chains, demi-regularities), shown as a table.

    A tuple like any other; a notebook shows one row per result rather than their reprs.

    Example:
        >>> from cmo.theory.graph import Chain
        >>> links = Listing([Chain("referral", "trust", "hope")])
        >>> links == (Chain("referral", "trust", "hope"),)
        True
    """

    __slots__ = ()
