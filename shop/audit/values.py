"""Field values as the audit log stores them: plain JSON, long text cut short, secrets
masked (a password hash or a token is recorded as changed, never as its value)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

#: Fields whose values are never written down (only that they changed).
SECRET_FIELD = re.compile(r"password|secret|token|api_key|private_key|otp", re.I)
MASK = "••••"
MAX_TEXT = 500


def json_value(name: str, value: Any) -> Any:
    """``value`` of the field ``name`` as stored: masked when the name says it is secret."""
    if value is None:
        return None
    if SECRET_FIELD.search(name):
        return MASK
    return plain(value)


def plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {str(k): json_value(str(k), v) for k, v in list(value.items())[:50]}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in list(value)[:50]]
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"
