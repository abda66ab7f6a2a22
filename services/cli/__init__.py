"""The ``clearway`` command line: run a service, judge a file, manage the local broker,
emit events and follow the audit topic."""

from __future__ import annotations

import typer

from services.cli import annex, audit, batch, demo, kafka, keys, lists, reference, run

app = typer.Typer(
    help="Clearway: compliance screening for research and industry partnerships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("run")(run.run)
app.command("check")(batch.check)
app.command("emit")(kafka.emit)
app.command("demo")(demo.demo)
app.add_typer(kafka.app, name="kafka")
app.add_typer(audit.app, name="audit")
app.add_typer(annex.app, name="annex")
app.add_typer(lists.app, name="lists")
app.add_typer(reference.app, name="reference")
app.add_typer(keys.app, name="keys")
app.add_typer(keys.reviews, name="review")


def main() -> None:
    app()
