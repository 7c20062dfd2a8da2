"""Stock commands: ``flask inventory release-expired``."""

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
