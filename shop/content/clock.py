"""The clock the content views read. Tests replace ``now`` to move time; services take
``now`` as an argument instead."""

from __future__ import annotations

from datetime import datetime

from shop.db import utcnow


def now() -> datetime:
    return utcnow()
