"""``clearway annex apply FILE``: apply a delegated regulation amending Annex I."""

from __future__ import annotations

from pathlib import Path

import typer

from services.export_control.annex import AmendmentError, apply_file
from services.export_control.reference import DATA_DIR

app = typer.Typer(help="The export-control Annex I reference data.", no_args_is_help=True)


@app.command("apply")
def apply(
    amendment: Path = typer.Argument(..., exists=True, dir_okay=False, help="amendment JSON file"),
    data_dir: Path = typer.Option(DATA_DIR, help="folder holding annex_i.json"),
    dry_run: bool = typer.Option(False, "--dry-run", help="check and show, write nothing"),
) -> None:
    """Add, change and remove Annex I entries as a delegated regulation says: a new dated
    version beside the earlier ones."""
    try:
        result = apply_file(amendment, data_dir, dry_run=dry_run)
    except AmendmentError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    latest = result["versions"][-1]
    typer.echo(
        f"{'would write' if dry_run else 'wrote'} Annex I version {latest['version']} in force "
        f"from {latest['valid_from']} ({len(latest['entries'])} entries)"
    )
