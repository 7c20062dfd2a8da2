"""``flask create-admin EMAIL``: create an admin account or promote an existing one."""

from __future__ import annotations

import sys

import click
from flask import Flask

from shop.errors import ValidationError


def register_account_cli(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.argument("email")
    @click.option("--password-stdin", is_flag=True,
                  help="Read the password from the first line of standard input.")
    def create_admin(email: str, password_stdin: bool) -> None:
        """Create an admin with EMAIL (or make that account an admin) and set its password."""
        from shop.accounts import services
        from shop.extensions import db

        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user, created = services.create_admin(email, password)
        except ValidationError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from exc
        db.session.commit()
        verb = "Created" if created else "Promoted"
        click.echo(f"{verb} admin {user.email} (id {user.id}).")
