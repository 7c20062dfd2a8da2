"""Countries from ISO 3166-1 (pycountry), for the address book."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Alpha-2 code → the name people know it by, in name order."""
    names = {
        c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries
    }
    return dict(sorted(names.items(), key=lambda item: item[1]))


def country_choices() -> list[tuple[str, str]]:
    return list(_countries().items())


def is_country_code(code: str | None) -> bool:
    return bool(code) and code in _countries()


def country_name(code: str | None) -> str:
    return _countries().get((code or "").upper(), code or "")
