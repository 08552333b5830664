"""Flask commands shared by the platform: demo data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from core.extensions import db

DEMO_KEY = "shoptwin.demo_loaders"
DEMO_MARKER = "demo-loaded"
DemoLoader = Callable[[], str]

demo = AppGroup("demo", help="Demo data for trying ShopTwin out.")


def register_demo(app: Flask, name: str, loader: DemoLoader) -> None:
    """Let a module add demo data; the loader returns a one-line summary of what it added."""
    app.extensions.setdefault(DEMO_KEY, {})[name] = loader


def load_demo_data() -> list[tuple[str, str]]:
    """Run every registered demo loader in one transaction and return their summaries."""
    summaries = [(name, load()) for name, load in current_app.extensions.get(DEMO_KEY, {}).items()]
    db.session.commit()
    return summaries


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing if demo data was loaded before.")
def load_command(if_empty: bool) -> None:
    """Load every module's demo data."""
    marker = Path(current_app.instance_path) / DEMO_MARKER
    if if_empty and marker.exists():
        click.echo("Demo data was loaded before; skipping.")
        return
    summaries = load_demo_data()
    for name, summary in summaries:
        click.echo(f"{name}: {summary}")
    if not summaries:
        click.echo("No module has demo data yet.")
    marker.write_text("loaded\n")


def init_app(app: Flask) -> None:
    """Register the shared commands."""
    app.cli.add_command(demo)
