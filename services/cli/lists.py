"""``clearway lists status``: per list source, the version in use, its entries, when it was
loaded and checked, and the last error, as a running screening or export-control service
reports them at ``/lists``."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import typer

app = typer.Typer(help="The sanctions lists a running service uses.", no_args_is_help=True)


def _when(ts: object) -> str:
    if not isinstance(ts, int | float) or not ts:
        return "-"
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


@app.command()
def status(
    url: str = typer.Option("http://127.0.0.1:8080", help="the service's HTTP address"),
    as_json: bool = typer.Option(False, "--json", help="print the service's answer as JSON"),
) -> None:
    """Show each list source: version, entries, loaded, checked, errors."""
    try:
        rows = httpx.get(f"{url.rstrip('/')}/lists", timeout=5).raise_for_status().json()
    except httpx.HTTPError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    typer.echo(
        f"{'list':<18} {'version':<28} {'entries':>8}  {'loaded':<20} {'checked':<20} errors"
    )
    for row in rows:
        typer.echo(
            f"{row['list'] or '(not loaded)':<18} {row['version'] or '-':<28} {row['entries']:>8}  "
            f"{_when(row['loaded_at']):<20} {_when(row['checked_at']):<20} {row['errors']}"
        )
        if row["last_error"]:
            typer.echo(f"  last error ({row['source']}): {row['last_error']}")
