"""Where the authoring reader's YAML and JSON parsing used to live: it is the private
:mod:`cmo._helpers.yaml_text` and :mod:`cmo._helpers.json_text` now, shared by every format
that reads YAML or JSON. The old names stay importable from here until integration.
"""

from __future__ import annotations

from .._helpers.json_text import (  # moved: remove at integration
    json_depth_line,
    json_number_line,
    parse_json,
    too_many_digits,
)
from .._helpers.yaml_text import (  # moved: remove at integration
    MAX_DEPTH,
    YAML_LOADER,
    Location,
    Parsed,
    locator,
    parse_yaml,
    plain_value,
)

__all__ = ["MAX_DEPTH", "YAML_LOADER", "Location", "Parsed", "json_depth_line",
           "json_number_line", "locator", "parse_json", "parse_yaml", "plain_value",
           "too_many_digits"]
