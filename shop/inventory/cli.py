"""Stock commands: ``flask inventory release-expired`` and ``flask inventory adjust``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

inventory_cli = AppGroup("inventory", help="Stock: holds, adjustments.")


@inventory_cli.command("release-expired")
def release_expired() -> None:
    """Give back the units of every reservation whose time is up (checkouts that were not
    paid). Safe at any time; the background jobs run it every minute."""
    from shop.extensions import db
    from shop.inventory import services

    orders = services.release_expired()
    db.session.commit()
    click.echo(f"Released the expired holds of {len(orders)} orders.")


@inventory_cli.command("adjust", context_settings={"ignore_unknown_options": True})
@click.argument("sku")
@click.argument("delta")
@click.option("--reason", required=True,
              help="received, damaged, correction, customer return or count.")
@click.option("--note", default="", help="Why the stock changes (required; kept in the ledger).")
@click.option("--location", "location_code", default=None,
              help="Location code (default: the product's only location).")
@click.option("--key", default=None,
              help="A one-time key: running the command again with it changes nothing.")
def adjust(sku: str, delta: str, reason: str, note: str, location_code: str | None,
           key: str | None) -> None:
    """Change the units on hand of SKU by DELTA (5 adds, -2 takes away), as the back office's
    adjustment form does. Exits with status 1 when nothing was changed."""
    from sqlalchemy import select

    from shop.catalog.models import Product
    from shop.errors import DomainError, ValidationError
    from shop.extensions import db
    from shop.inventory import adjustments
    from shop.inventory.models import Location
    from shop.inventory.purchasing import resolve_products

    def fail(message: str) -> None:
        db.session.rollback()
        raise click.ClickException(message)

    text = delta.strip()
    body = text[1:] if text[:1] in "+-" else text
    if not (body.isascii() and body.isdigit()) or len(body) > 7:
        fail(f"DELTA must be a whole number like 5 or -2, not {delta!r}.")
    change = int(text)
    reason = reason.strip().lower()
    if reason not in adjustments.REASONS:
        fail(f"Unknown reason {reason!r}; use one of: {', '.join(adjustments.REASONS)}.")
    product_id = resolve_products([sku]).get(sku)
    if product_id is None:
        fail(f"No single product has the SKU or part number {sku!r}.")
    product = db.session.get(Product, product_id)
    if location_code:
        location = adjustments.location_by_code(location_code)
        if location is None:
            codes = ", ".join(db.session.scalars(select(Location.code).order_by(Location.code)))
            fail(f"No location {location_code!r}; the locations are: {codes or 'none yet'}.")
    else:
        location = adjustments.default_location(product)
        if location is None:
            codes = ", ".join(db.session.scalars(select(Location.code).order_by(Location.code)))
            fail(f"Name the location with --location (one of: {codes or 'none yet'}).")
    try:
        movement = adjustments.adjust_stock(product.id, location.id, change, reason=reason,
                                            note=note, actor_id=None, request_key=key)
    except ValidationError as exc:
        option = {"delta": "DELTA", "note": "--note", "reason": "--reason"}.get(exc.field, "")
        fail(f"{option + ': ' if option else ''}{exc.message}")
    except DomainError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"{product.sku} at {location.code}: on hand {movement.on_hand_before} → "
               f"{movement.on_hand_after} ({reason}).")
