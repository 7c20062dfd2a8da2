"""Where payment effects reach the orders package.

The orders package registers its three functions on the app (``register(app, ...)``); the
webhook and the staff actions pass each :class:`OrderEffect` to :func:`dispatch`, inside the
same transaction as the payment change. Until something is registered, every hook only logs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from flask import Flask, current_app

from shop.payments.effects import EffectKind, OrderEffect

log = logging.getLogger(__name__)

PaymentSucceeded = Callable[[int, int], None]  # (order_id, payment_id)
PaymentFailed = Callable[[int, int, str], None]  # (order_id, payment_id, message)
RefundRecorded = Callable[[int, int], None]  # (order_id, refund_id)


def _log_succeeded(order_id: int, payment_id: int) -> None:
    log.info("order %s: payment %s succeeded (no order hook registered)", order_id, payment_id)


def _log_failed(order_id: int, payment_id: int, message: str) -> None:
    log.info("order %s: payment %s failed: %s (no order hook registered)", order_id,
             payment_id, message)


def _log_refund(order_id: int, refund_id: int) -> None:
    log.info("order %s: refund %s recorded (no order hook registered)", order_id, refund_id)


@dataclass(frozen=True)
class OrderHooks:
    on_payment_succeeded: PaymentSucceeded = _log_succeeded
    on_payment_failed: PaymentFailed = _log_failed
    on_refund_recorded: RefundRecorded = _log_refund


_KEY = "payment_order_hooks"


def register(app: Flask, *, on_payment_succeeded: PaymentSucceeded | None = None,
             on_payment_failed: PaymentFailed | None = None,
             on_refund_recorded: RefundRecorded | None = None) -> None:
    given = {name: fn for name, fn in (("on_payment_succeeded", on_payment_succeeded),
                                       ("on_payment_failed", on_payment_failed),
                                       ("on_refund_recorded", on_refund_recorded)) if fn}
    app.extensions[_KEY] = replace(order_hooks(app), **given)


def order_hooks(app: Flask | None = None) -> OrderHooks:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    return app.extensions.get(_KEY) or OrderHooks()


def dispatch(effects: Iterable[OrderEffect], app: Flask | None = None) -> None:
    hooks = order_hooks(app)
    for effect in effects:
        if effect.kind is EffectKind.PAYMENT_SUCCEEDED:
            hooks.on_payment_succeeded(effect.order_id, effect.payment_id)
        elif effect.kind is EffectKind.PAYMENT_FAILED:
            hooks.on_payment_failed(effect.order_id, effect.payment_id, effect.message)
        elif effect.kind is EffectKind.REFUND_RECORDED and effect.refund_id is not None:
            hooks.on_refund_recorded(effect.order_id, effect.refund_id)
