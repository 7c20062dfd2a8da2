"""What a payment change means for its order: the value the payment services hand back to
the entry point, which passes it on to the orders package (see ``hooks``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EffectKind(StrEnum):
    PAYMENT_SUCCEEDED = "payment_succeeded"  # the order is paid
    PAYMENT_FAILED = "payment_failed"  # an attempt was declined; the order stays unpaid
    REFUND_RECORDED = "refund_recorded"  # money went back on a paid order


@dataclass(frozen=True)
class OrderEffect:
    kind: EffectKind
    order_id: int
    payment_id: int
    refund_id: int | None = None
    message: str = ""
