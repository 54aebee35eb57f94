"""Moved: the questions about versions to :mod:`cmo.theory.versions`, reading files as ``cmo
validate`` does to :mod:`cmo.cli.version_files`. These names stay until integration."""

from .cli.version_files import Validated, validated  # moved: remove at integration
from .theory.versions import (  # moved: remove at integration
    are_versions,
    check_derivations,
    derivation_problems,  # moved: remove at integration
)

__all__ = ["Validated", "are_versions", "check_derivations", "derivation_problems", "validated"]
