"""``clearway keys generate``: an Ed25519 key pair for signing decisions or reviews;
``clearway review sign``: sign ``review.recorded`` events with a reviewer's or a recording
component's key (what the audit page does for the reviewers it authenticates)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from services.common.integrity import SigningKey, sign_event

app = typer.Typer(help="Keys that sign decisions and reviews.", no_args_is_help=True)
reviews = typer.Typer(help="Reviewer decisions.", no_args_is_help=True)


@app.command()
def generate(
    key_id: str = typer.Option(..., help="the key's id, as verifiers will know it"),
    out: Path = typer.Option(..., help="where to write the private key (PEM, mode 600)"),
) -> None:
    """Make a key pair: the private key to a file, the public key (for CLEARWAY_PUBLIC_KEYS)
    to stdout as JSON."""
    if out.exists():
        typer.echo(f"error: {out} exists; not overwritten", err=True)
        raise typer.Exit(1)
    key = SigningKey.generate(key_id)
    # created readable by its owner only, never briefly by anyone (no write-then-chmod)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.pem())
    typer.echo(json.dumps({key.key_id: key.public}))


@reviews.command("sign")
def sign(
    key_file: Path = typer.Option(..., exists=True, dir_okay=False, help="private key (PEM)"),
    key_id: str = typer.Option(..., help="the key's id"),
) -> None:
    """Sign each review.recorded event read from stdin (JSON lines); write them to stdout."""
    key = SigningKey.from_file(key_id, key_file)
    for line in sys.stdin:
        if line.strip():
            typer.echo(json.dumps(sign_event(json.loads(line), key)))
