"""``clearway reference status``: every reference data set the services decide on, its
version, sources, last check and review-by date; exits 1 when one is past due (decisions on
it are then amber, ``REFERENCE_STALE``), so a CI job or a cron can watch it. A running
service serves the same at ``/reference``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import typer

from services import registry
from services.common.reference_data import DataSet, status_report, unique

app = typer.Typer(help="The reference data the services decide on.", no_args_is_help=True)


def _data_sets(names: list[str]) -> tuple[DataSet, ...]:
    found: list[DataSet] = []
    for name in names:
        entry = registry.get(name)
        found.extend(entry.reference_data(entry.settings()))
    return unique(found)


@app.command()
def status(
    service: list[str] = typer.Option(
        [], "--service", help="only these services (default: all); settings from CLEARWAY_*"
    ),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
    today: str = typer.Option(
        "", help="judge review-by dates as of this day (YYYY-MM-DD; default: today, UTC)"
    ),
    sources: bool = typer.Option(False, "--sources", help="list each data set's sources"),
) -> None:
    """Show each data set: version, last check, review-by date; exit 1 if one is past due."""
    try:
        names = service or registry.names()
        data_sets = _data_sets(names)
        day = date.fromisoformat(today) if today else datetime.now(UTC).date()
    except (registry.UnknownServiceError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    report = status_report(data_sets, day)
    if as_json:
        typer.echo(json.dumps(report, indent=2, default=str))
    else:
        typer.echo(f"{'data set':<34} {'version':<42} {'checked':<10}  {'review by':<10}  status")
        rows = report["data_sets"]
        assert isinstance(rows, list)
        for row in rows:
            days = row["days_left"]
            state = f"PAST DUE by {-days} days" if row["due"] else f"due in {days} days"
            typer.echo(
                f"{row['data_set']:<34} {row['version']:<42} {row['checked_on']:<10}  "
                f"{row['review_by']:<10}  {state}"
            )
            if sources:
                for src in row["sources"]:
                    typer.echo(
                        f"    - {src['act']}" + (f" <{src['link']}>" if src.get("link") else "")
                    )
    due = report["due"]
    if due:
        assert isinstance(due, list)
        typer.echo(
            f"{len(due)} data set(s) past their review-by date: decisions on them are "
            "needs_review (REFERENCE_STALE) until updated. See README, 'Reference data'.",
            err=True,
        )
        raise typer.Exit(1)
