"""The demo catalogue as data: brands, stock locations, the category tree and 85 real products
with public datasheet facts, in ``catalogue.json`` beside this module."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("catalogue.json")


@cache
def catalogue() -> dict[str, list[dict]]:
    """``{"brands", "locations", "categories", "products"}`` read once per process."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)
