"""Command-line tasks: ``flask seed-demo``, ``flask prune-changes``, ``flask rebuild-search``;
account commands live in ``shop.accounts.cli``, stock commands in ``shop.inventory.cli``, job
commands (``flask jobs worker`` …) in ``shop.jobs_cli``."""

from __future__ import annotations

import click
from flask import Flask


def register_cli(app: Flask) -> None:
    from shop.accounts.cli import register_account_cli
