"""Command-line tasks: ``flask seed-demo``, ``flask prune-changes``, ``flask rebuild-search``;
account commands live in ``shop.accounts.cli``, stock commands in ``shop.inventory.cli``, job
commands (``flask jobs worker`` …) in ``shop.jobs_cli``."""

from __future__ import annotations

import click
from flask import Flask


def register_cli(app: Flask) -> None:
    from shop.accounts.cli import register_account_cli
    from shop.inventory.cli import inventory_cli
    from shop.jobs_cli import register_jobs_cli

    register_account_cli(app)
    app.cli.add_command(inventory_cli)
    register_jobs_cli(app)

    @app.cli.command("seed-demo")
    @click.option("--products", "synthetic", type=click.IntRange(min=0, max=5_000_000),
                  default=0, help="Also add N synthetic but plausible products (scale tests).")
    @click.option("--seed", "random_seed", type=int, default=1, show_default=True,
                  help="Random seed for synthetic products.")
    def seed_demo(synthetic: int, random_seed: int) -> None:
        """Load the demo catalogue (idempotent); optionally add N synthetic products."""
        from shop.demo.catalogue import load_demo_catalogue
        from shop.demo.synthetic import add_synthetic_products
        from shop.extensions import db

        created = load_demo_catalogue()
        db.session.commit()
        click.echo(f"Demo catalogue: {created} products added.")

        from shop.content.demo import load_demo_posts

        posts = load_demo_posts()
        db.session.commit()
        click.echo(f"Demo posts: {posts} articles added.")
        if synthetic:
            with click.progressbar(length=synthetic, label="Synthetic products") as bar:
                added = add_synthetic_products(synthetic, seed=random_seed, progress=bar.update)
            click.echo(f"Synthetic products: {added} added.")

    @app.cli.command("prune-changes")
    @click.option("--days", type=click.IntRange(min=1), default=2, show_default=True,
                  help="Keep the change feed of this many days.")
    def prune_changes(days: int) -> None:
        """Delete catalogue change-feed rows older than --days (every sale writes one).

        Safe at any time: a worker's facet index that has not read the feed for
        six hours rebuilds instead of replaying it."""
        from datetime import timedelta

        from shop.catalog.services import prune_changes as prune
        from shop.db import utcnow
        from shop.extensions import db

        removed = prune(utcnow() - timedelta(days=days))
        db.session.commit()
        click.echo(f"Pruned {removed} change-feed rows.")

    @app.cli.command("rebuild-search")
    def rebuild_search() -> None:
        """Rebuild the full-text indexes from the stored documents (SQLite: the FTS5 tables,
        and the term vocabulary pruned to what they hold). PostgreSQL keeps its GIN indexes
        current by itself, so there this does nothing."""
        from shop.catalog import search
        from shop.extensions import db

        if db.engine.dialect.name != "sqlite":
            click.echo("PostgreSQL keeps its search indexes current: nothing to rebuild.")
            return
        search.rebuild_index()
        db.session.commit()
        click.echo("Search indexes rebuilt.")
