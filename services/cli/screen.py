"""``clearway screen "Name"``: is this party on a list? The question asked before a
matchmaking meeting or a memorandum of understanding, before any partner event exists.

The answer comes from the screening service's own decision code (the same matcher, lists,
thresholds, jurisdictions and explanations), run on a partner event built from the
options: its outcome, every reason with legal basis and evidence, and the list versions it
used. Nothing is recorded: no decision is written anywhere; to record one, send the partner
event (``--event`` prints it). Exit codes as ``clearway check``: 0 not red, 1 red.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import typer

from schemas.decision import Outcome
from services import registry
from services.common.logging import configure_logging
from services.common.pipeline import Judge
from services.common.version import code_version
from services.screening import adhoc

_COLOUR = {"cleared": typer.colors.GREEN, "needs_review": typer.colors.YELLOW}


def _owner(text: str) -> adhoc.Owner:
    """``NAME[:SHARE[:COUNTRY]]``, the share as a fraction or a percentage."""
    name, _, rest = text.partition(":")
    share_text, _, country = rest.partition(":")
    share = None
    if share_text.strip():
        value = float(share_text.strip().rstrip("%"))
        share = value / 100 if value > 1 or share_text.strip().endswith("%") else value
    return adhoc.Owner(name=name.strip(), share=share, country=country.strip() or None)


def screen(
    name: str = typer.Argument(..., help="the party's name, as written"),
    country: str | None = typer.Option(None, "--country", help="ISO 3166-1 alpha-2, e.g. IR"),
    kind: str = typer.Option("organization", "--kind", help="person or organization"),
    owner: list[str] = typer.Option(
        [], "--owner", help="an owner, NAME[:SHARE[:COUNTRY]], e.g. 'Acme Holding:60%:RU'"
    ),
    alias: list[str] = typer.Option([], "--alias", help="another name of the party"),
    lists: list[str] = typer.Option(
        [], "--lists", help="list files to screen against (default: the service's lists)"
    ),
    as_json: bool = typer.Option(False, "--json", help="the decision the service would make"),
    show_event: bool = typer.Option(
        False, "--event", help="print the partner event too (send it to record a decision)"
    ),
) -> None:
    """Screen one party now, as the screening service would, without recording anything."""
    configure_logging("WARNING", stream="stderr")
    if kind not in ("person", "organization"):
        raise typer.BadParameter("person or organization", param_hint="--kind")
    entry = registry.get("screening")
    settings = entry.settings(**({"screening_lists": lists} if lists else {}))
    definition = entry.definition(settings)
    if definition.prepare is not None:
        asyncio.run(definition.prepare())
    judge = Judge(definition, code_version=code_version(), limits=settings.limits())
    try:
        question = adhoc.Question(
            name=name, kind=kind, country=country, aliases=alias, owners=[_owner(o) for o in owner]
        )
    except ValueError as exc:  # a share that is not a number, a bad country code
        raise typer.BadParameter(str(exc)) from exc
    status, answered = adhoc.answer(judge, question, datetime.now(UTC))
    if status != 200:
        typer.echo(json.dumps(answered), err=True)
        raise typer.BadParameter("the party cannot be screened as given (see above)")
    event = answered["event"]
    decision = answered["decision"]
    if show_event:
        typer.echo(json.dumps(event))
    if as_json:
        typer.echo(json.dumps({**decision, "recorded": False}))
    else:
        outcome = decision["outcome"]
        typer.secho(f"{outcome.upper().replace('_', ' ')}  {name}", fg=_COLOUR.get(outcome, "red"))
        for reason in decision["reasons"]:
            typer.echo(f"  {reason['code']}: {reason['message']}")
            typer.echo(f"    legal basis: {reason['legal_basis']}")
        if not decision["reasons"]:
            typer.echo("  no match on any list")
        versions = ", ".join(
            f"{k} {v}" for k, v in sorted((decision.get("lists_version") or {}).items())
        )
        typer.echo(f"  lists: {versions or 'none'}")
        typer.echo("  not recorded: no decision was written (send the partner event to record one)")
    raise typer.Exit(1 if decision["outcome"] == Outcome.RED_FLAG.value else 0)
