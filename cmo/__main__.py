"""``python -m cmo``: the same as the ``cmo`` command."""

from .cli import main

main()
