"""`register migrate`: records of an earlier layout, rewritten for this release in one commit."""

import typer

from .app import app, open_register
from .output import say


@app.command()
def migrate(ctx: typer.Context) -> None:
    """Rewrite records kept in an earlier release's layout (a report's Part A and Part B) in this one."""
    from ..make.migrate import migrate as migrate_records

    migrated = migrate_records(open_register(ctx))
    if not migrated.records:
        say("Nothing to migrate: every record is in this release's layout.")
        return
    say(f"Migrated {', '.join(migrated.records)} (commit {(migrated.commit or '')[:7]}).")
