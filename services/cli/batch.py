"""``clearway check``: the contract's batch mode, the same decision code without Kafka.

Exit codes, for scripts and CI jobs: 0 every record was decided and none is red; 1 at least
one decision is red (``red_flag``); 3 at least one record was dead-lettered (whatever the
others); 2 a usage error (an unknown service, a bad option)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import BinaryIO

import typer

from schemas.decision import Outcome
from services import registry
from services.common.batch import judge_lines
from services.common.logging import configure_logging
from services.common.pipeline import Judge
from services.common.version import code_version


def check(
    service: str = typer.Argument(..., help="the service whose decision code to run"),
    input_path: str = typer.Option(
        ..., "--input", "-i", help="JSON lines of CloudEvents, or - for stdin"
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="where to write; stdout if absent or -"
    ),
    lists: list[str] = typer.Option(
        [], "--lists", help="screening: list files to load, PATH or FORMAT:PATH (repeatable)"
    ),
    reviews: Path | None = typer.Option(
        None,
        "--reviews",
        exists=True,
        dir_okay=False,
        help="screening: reviewer decisions, a file of review.recorded events (JSON lines), "
        "as the service reads them from the review topic",
    ),
) -> None:
    """Judge a file of events: one decision (or dead-letter) line per input line, in order.
    Exit code 0: all decided, none red; 1: a red flag; 3: a dead letter; 2: usage error."""
    configure_logging("WARNING", stream="stderr")
    try:
        entry = registry.get(service)
    except registry.UnknownServiceError as exc:
        raise typer.BadParameter(str(exc.args[0])) from exc
    if (lists or reviews) and service != "screening":
        raise typer.BadParameter("--lists and --reviews apply to the screening service only")
    overrides: dict[str, object] = {"screening_lists": lists} if lists else {}
    if reviews is not None:
        overrides["reviews_file"] = reviews
    settings = entry.settings(**overrides)
    definition = entry.definition(settings)
    if definition.prepare is not None:
        asyncio.run(definition.prepare())  # e.g. fetch lists from URL sources once
    judge = Judge(definition, code_version=code_version(), limits=settings.limits())
    source: BinaryIO = sys.stdin.buffer if input_path == "-" else open(input_path, "rb")  # noqa: SIM115
    to_stdout = output in (None, "-")
    sink: BinaryIO = sys.stdout.buffer if to_stdout else open(str(output), "wb")  # noqa: SIM115
    counts = {"decision": 0, "deadletter": 0}
    red = 0
    try:
        for emission in judge_lines(
            judge, source, source="stdin" if input_path == "-" else input_path
        ):
            # one line per input line, as the contract's batch mode says: a rejected event's
            # dead letter only (the service also writes an amber decision for its subject)
            sink.write(emission.value + b"\n")
            counts[emission.kind] += 1
            red += emission.kind == "decision" and emission.outcome is Outcome.RED_FLAG
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if sink is not sys.stdout.buffer:
            sink.close()
        else:
            sink.flush()
    typer.echo(
        f"{counts['decision']} decisions ({red} red), {counts['deadletter']} dead letters",
        err=True,
    )
    if counts["deadletter"]:
        raise typer.Exit(3)
    if red:
        raise typer.Exit(1)
