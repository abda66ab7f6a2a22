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


def _age_line(row: dict[str, object], max_age: float | None) -> str | None:
    """A line when the copy in use is older than the allowed age by its publisher's date."""
    age = row.get("age_days")
    limit = max_age if max_age is not None else row.get("max_age_days")
    if not isinstance(age, int | float) or not isinstance(limit, int | float) or age <= limit:
        return None
    return (
        f"  outdated: published {row.get('published')}, {age:.0f} days ago "
        f"(more than {limit:g}); check the source and CLEARWAY_SCREENING_OFFICIAL_LISTS"
    )


@app.command()
def status(
    url: str = typer.Option("http://127.0.0.1:8080", help="the service's HTTP address"),
    as_json: bool = typer.Option(False, "--json", help="print the service's answer as JSON"),
    max_age_days: float | None = typer.Option(
        None,
        "--max-age-days",
        help="report lists published longer ago than this (default: the service's "
        "CLEARWAY_SCREENING_LIST_MAX_AGE_DAYS)",
    ),
) -> None:
    """Show each list source: version, entries, loaded, checked, errors, and lists whose
    publisher's date is older than the allowed age."""
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
        line = _age_line(row, max_age_days)
        if line:
            typer.echo(line)
