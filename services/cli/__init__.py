"""The ``clearway`` command line: run a service, judge a file, manage the local broker,
emit events and follow the audit topic."""

from __future__ import annotations

import typer

from services.cli import annex, audit, batch, demo, kafka, keys, lists, reference, run, screen
from services.common.version import code_version

app = typer.Typer(
    help="Clearway: compliance screening for research and industry partnerships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clearway {code_version()}")
        raise typer.Exit


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="print the version"
    ),
) -> None:
    """Clearway: compliance screening for research and industry partnerships."""


app.command("run")(run.run)
app.command("check")(batch.check)
app.command("screen")(screen.screen)
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
