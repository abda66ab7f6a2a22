"""Wiring of the audit page, in one place: settings -> store, readers, app -> uvicorn."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

import uvicorn

from services.auditweb import caseapi, oidc, screenproxy
from services.auditweb.app import build_app
from services.auditweb.auth import Credentials
from services.auditweb.db.feeder import StoreFeeder
from services.auditweb.db.migrate import engine_for, upgrade
from services.auditweb.judged import JudgedIndex
from services.auditweb.notify import outbox
from services.auditweb.notify.deliver import Deliverer
from services.auditweb.reader import AuditReader, JudgedReader, Notifier
from services.auditweb.recorder import ReviewRecorder
from services.auditweb.settings import AuditSettings
from services.auditweb.store import DecisionStore, Position
from services.common.logging import get_logger
from services.common.serving import CleanExitServer

log = get_logger(__name__)


class _Judged:
    """The Kafka reader seen through the app's ``JudgedSource`` interface."""

    def __init__(self, reader: JudgedReader) -> None:
        self.reader = reader

    def position(self, event_id: str) -> Position | None:
        return self.reader.index.get(event_id)

    async def fetch(self, position: Position) -> bytes | None:
        return await self.reader.fetch(position)


def credentials_of(settings: AuditSettings) -> Credentials | None:
    if not settings.auth_required:
        return None
    return Credentials(
        username=settings.audit_username,
        password=settings.audit_password.get_secret_value() if settings.audit_password else None,
        token=settings.audit_token.get_secret_value() if settings.audit_token else None,
        metrics_token=(
            settings.audit_metrics_token.get_secret_value()
            if settings.audit_metrics_token
            else None
        ),
        users={
            name: (officer.password.get_secret_value(), frozenset(officer.roles))
            for name, officer in settings.audit_users.items()
        },
        roles=frozenset(settings.audit_roles),
    )


def from_settings(settings: AuditSettings, stopping: Callable[[], bool] = lambda: False) -> Any:
    """The page with its Kafka readers; they start with the app and stop with it."""
    options = settings.client_options()
    store = DecisionStore(settings.audit_capacity)
    notifier = Notifier()
    audit = AuditReader(
        options,
        settings.audit_topic,
        store,
        notifier,
        from_beginning=settings.audit_start == "beginning",
        verifier=settings.verifier(),
    )
    judged = JudgedReader(options, list(settings.audit_event_topics), JudgedIndex())

    engine = feeder = recorder = deliverer = None
    subscriptions, channels = settings.subscriptions(), settings.channels()
    if subscriptions and not settings.audit_store_enabled:
        raise ValueError("notifications need the decision store (CLEARWAY_AUDIT_STORE_ENABLED)")
    if settings.audit_store_enabled:
        engine = engine_for(settings.audit_database_url)
        upgrade(engine)
        verifier = settings.verifier()

        def owe(conn: Any, batch: Any) -> int:
            return outbox.on_decisions(conn, batch, subscriptions, channels)

        feeder = StoreFeeder(
            options,
            [settings.audit_topic, *settings.audit_event_topics],
            engine,
            # with the services' public keys, no case or review rests on an unsigned record
            verify=(lambda v: verifier.check(v).status == "verified") if verifier.keys else None,
            notify=owe,
        )
        if subscriptions or channels.email or channels.webhook_hosts:
            deliverer = Deliverer(
                engine,
                subscriptions,
                settings.smtp(),
                settings.audit_page_url,
                max_attempts=settings.audit_notify_max_attempts,
                retry_seconds=settings.audit_notify_retry_seconds,
                interval_seconds=settings.audit_notify_interval_seconds,
                channels=channels,
            )
    if settings.audit_review_topic:
        recorder = ReviewRecorder(
            settings.review_client_options(), settings.audit_review_topic, settings.signing()
        )

    def status() -> dict[str, Any]:
        return {
            "ready": audit.caught_up.is_set(),
            "audit": audit.status(),
            "judged_events": judged.status(),
            "store": feeder.status() if feeder else None,
            "notifications": deliverer.status() if deliverer else None,
            "records_reviews": recorder is not None,
            "sign_in": {"oidc": settings.oidc_enabled},
            "cases": engine is not None,
            "screen": bool(settings.audit_screening_url),
            "protected": settings.auth_required,
        }

    health = ReaderHealth()

    def background() -> list[asyncio.Task[None]]:
        async def index_judged() -> None:
            try:
                await judged.run()
            finally:
                await judged.close()

        tasks = [
            asyncio.create_task(supervise("audit-reader", audit.run, health), name="audit-reader")
        ]
        if settings.audit_event_topics:
            tasks.append(
                asyncio.create_task(
                    supervise("judged-event-index", index_judged, health),
                    name="judged-event-index",
                )
            )
        if feeder is not None:
            tasks.append(
                asyncio.create_task(supervise("store-feeder", feeder.run, health), name="store")
            )
        if recorder is not None:
            tasks.append(asyncio.create_task(_keep_open(recorder), name="review-recorder"))
        if deliverer is not None:
            tasks.append(
                asyncio.create_task(
                    supervise("notifications", deliverer.run, health), name="notifications"
                )
            )
        for task in tasks:
            task.add_done_callback(_log_failure)
        return tasks

    return build_app(
        store,
        notifier,
        judged=_Judged(judged) if settings.audit_event_topics else None,
        status=status,
        credentials=credentials_of(settings),
        background=background,
        stopping=stopping,
        alive=lambda: health.alive(settings.audit_reader_liveness_seconds),
        max_streams=settings.audit_max_streams,
        max_exports=settings.audit_max_exports,
        extra_routes=[
            *(
                caseapi.routes(
                    engine,
                    recorder=recorder,
                    verifier=settings.verifier(),
                    subscriptions=subscriptions,
                    channels=channels,
                )
                if engine is not None
                else []
            ),
            *(oidc.routes(oidc_config(settings)) if settings.oidc_enabled else []),
            *(
                screenproxy.routes(settings.audit_screening_url)
                if settings.audit_screening_url
                else []
            ),
        ],
        session_secret=(
            settings.audit_session_secret.get_secret_value()
            if settings.oidc_enabled and settings.audit_session_secret
            else None
        ),
        # behind https (as in deploy/), the cookie is never sent in the clear
        session_https_only=(settings.audit_public_url or "").startswith("https://"),
    )


def oidc_config(settings: AuditSettings) -> oidc.OidcConfig:
    assert settings.audit_oidc_issuer
    assert settings.audit_oidc_client_id
    assert settings.audit_oidc_client_secret is not None
    return oidc.OidcConfig(
        issuer=settings.audit_oidc_issuer,
        client_id=settings.audit_oidc_client_id,
        client_secret=settings.audit_oidc_client_secret.get_secret_value(),
        roles_claim=settings.audit_oidc_roles_claim,
        public_url=settings.audit_public_url,
    )


async def _keep_open(recorder: ReviewRecorder) -> None:
    """The review producer, open while the page runs."""
    await recorder.start()
    try:
        await asyncio.Event().wait()
    finally:
        await recorder.stop()


class ReaderHealth:
    """Since when each reader has been failing (none: all read)."""

    def __init__(self) -> None:
        self.failing_since: dict[str, float] = {}

    def alive(self, max_seconds: float) -> bool:
        now = time.monotonic()
        return all(now - since < max_seconds for since in self.failing_since.values())


async def supervise(
    name: str,
    run: Callable[[], Coroutine[Any, Any, None]],
    health: ReaderHealth,
    *,
    first_backoff: float = 1.0,
    max_backoff: float = 30.0,
    healthy_after: float = 10.0,
) -> None:
    """Run a reader for ever: when it fails (the broker unreachable at start, a crash), log,
    wait and start it again; ``health`` says how long it has been failing, for liveness."""
    backoff = first_backoff
    while True:
        task = asyncio.create_task(run(), name=f"{name}-run")
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=healthy_after)
                if done:
                    break
                # running without failing for a while: it reads again
                health.failing_since.pop(name, None)
                backoff = first_backoff
            task.result()
            return
        except asyncio.CancelledError:
            task.cancel()
            raise
        except Exception as exc:
            health.failing_since.setdefault(name, time.monotonic())
            log.error(
                "audit_page_reader_retrying",
                reader=name,
                error=f"{type(exc).__name__}: {exc}"[:300],
                retry_in_s=backoff,
            )
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, max_backoff)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("audit_page_reader_failed", task=task.get_name(), error=repr(task.exception()))


async def serve(settings: AuditSettings) -> None:
    """Serve the page until SIGTERM/SIGINT."""
    server: uvicorn.Server | None = None
    app = from_settings(settings, stopping=lambda: server is not None and server.should_exit)
    config = uvicorn.Config(
        app,
        host=settings.audit_host,
        port=settings.audit_port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    log.info(
        "audit_page_serving",
        host=settings.audit_host,
        port=settings.audit_port,
        protected=settings.auth_required,
        start=settings.audit_start,
    )
    server = CleanExitServer(config)
    await server.serve()
