"""A local PostgreSQL server for the tests and the benchmark: Debian's server (installed by
``make postgres``, part of ``make test``), a cluster of its own in a temporary folder, on
loopback, removed when the context ends. Like ``services.common.localkafka``: real, never
a stand-in; production uses a managed cluster (deploy/, CloudNativePG)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class NotStarted(RuntimeError):
    """The server could not be installed or started (the message says why)."""


def bindir() -> Path | None:
    """The newest installed server's programs (``/usr/lib/postgresql/<major>/bin``)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name)
    )
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"


@contextlib.contextmanager
def running() -> Iterator[Server]:
    programs = bindir()
    if programs is None:
        raise NotStarted("PostgreSQL is not installed: `make postgres` installs Debian's server")
    folder = Path(tempfile.mkdtemp(prefix="clearway-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as Debian's postgres
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = folder / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            msg = f"{args[0]} failed: {done.stdout[-1000:]}{done.stderr[-2000:]}{tail}"
            raise NotStarted(msg)

    try:
        run(
            str(programs / "initdb"),
            "-D",
            str(data),
            "-U",
            "clearway",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
        )
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        run(
            str(programs / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        yield Server("127.0.0.1", port, "clearway")
    finally:
        subprocess.run(
            [*as_user, str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)
