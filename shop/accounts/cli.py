"""Account commands: ``flask create-admin EMAIL`` creates an admin account or promotes an
existing one; ``flask prune-accounts`` deletes housekeeping rows that no longer matter."""

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

    @app.cli.command("prune-accounts")
    def prune_accounts() -> None:
        """Delete sign-in failure counters past their window, use records of expired links and
        expired sessions.

        Safe to run at any time: nothing it deletes changes whether a sign-in is delayed or a
        link is accepted. The job consumer also runs it daily (the ``prune-accounts`` job)."""
        from shop.accounts import services
        from shop.extensions import db

        counters, used, ended = services.prune_expired_records()
        db.session.commit()
        click.echo(f"Pruned {counters} sign-in counters, {used} used-link records and "
                   f"{ended} expired sessions.")
