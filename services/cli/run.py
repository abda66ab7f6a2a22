"""``clearway run <service>``: one service against the configured Kafka."""

from __future__ import annotations

import asyncio

import typer

from services import registry
from services.common.logging import configure_logging, get_logger
from services.common.runtime import build_app, serve


def run(
    service: str = typer.Argument(
        None,
        envvar="CLEARWAY_SERVICE",
        help="screening, export_control, gdpr or publication (default: $CLEARWAY_SERVICE)",
    ),
) -> None:
    """Run one service until SIGTERM; configuration comes from CLEARWAY_* variables."""
    if not service:
        raise typer.BadParameter("name a service, or set CLEARWAY_SERVICE")
    try:
        entry = registry.get(service)
    except registry.UnknownServiceError as exc:
        raise typer.BadParameter(str(exc.args[0])) from exc
    settings = entry.settings()
    configure_logging(settings.log_level)
    log = get_logger("clearway.run")
    log.info(
        "service_starting",
        service=service,
        input_topic=settings.input_topic,
        group_id=settings.group_id,
        bootstrap=settings.kafka_bootstrap_servers,
        http_port=settings.http_port,
    )
    definition = entry.definition(settings)
    asyncio.run(serve(build_app(definition, settings)))
    log.info("service_stopped", service=service)
