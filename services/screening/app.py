"""Wiring of the screening service: settings -> lists, regimes, thresholds and reviews ->
decision function; the review topic followed and re-screening on a list change."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from schemas.decision import ServiceName, SubjectType
from schemas.events import PartnerUpsertedEvent
from services.common.context import RuntimeContext
from services.common.kafka import TopicSpec, ensure_topics
from services.common.logging import get_logger
from services.common.pipeline import Judge
from services.common.reference_data import DataSet
from services.common.service import ServiceDefinition, Verdict
from services.common.version import code_version
from services.sanctions import matchapi
from services.sanctions.runtime import ListCollector, start_lists
from services.sanctions.snapshot import Snapshot
from services.screening import adhoc, reference, rules
from services.screening.rescreen import (
    Progress,
    ProgressCollector,
    Rescreener,
    partner_state,
    rejected_state,
)
from services.screening.review_feed import follow
from services.screening.reviews import ReviewState
from services.screening.settings import Settings

__all__ = ["Settings", "definition", "reference_data"]
log = get_logger("clearway.screening")


def reference_data(settings: Settings) -> tuple[DataSet, ...]:
    """The data sets the decisions read, for ``clearway reference status``."""
    return (reference.load_regimes(settings.screening_data_dir), settings.jurisdictions())


def definition(settings: Settings) -> ServiceDefinition[PartnerUpsertedEvent]:
    """Lists from files now (URL sources at start-up); reviews from a file (batch mode) or
    followed from their topic, loaded before the first record is judged; re-screening when
    a list changes."""
    regimes = reference.load_regimes(settings.screening_data_dir)
    lists = start_lists(settings)
    thresholds = settings.thresholds()
    jurisdictions = settings.jurisdictions()
    policy = settings.review_policy()
    # reviews count only when signed by a review key (CLEARWAY_REVIEW_KEYS)
    reviews = ReviewState(verifier=settings.review_verifier())
    reviews_loaded = asyncio.Event()
    if settings.reviews_file is not None:
        with settings.reviews_file.open("rb") as handle:
            reviews.apply_lines(handle)
        reviews_loaded.set()

    def decide_with(snapshot: Snapshot) -> Callable[[PartnerUpsertedEvent], Verdict]:
        def decide(event: PartnerUpsertedEvent) -> Verdict:
            return rules.decide(
                event,
                snapshot,
                regimes,
                thresholds,
                reviews.for_partner(event.data.partner_id),
                jurisdictions=jurisdictions,
                policy=policy,
            )

        return decide

    def decide(event: PartnerUpsertedEvent) -> Verdict:
        return decide_with(lists.store.snapshot)(event)

    progress = Progress()
    data_sets = (regimes, jurisdictions)

    def versions(snapshot: Snapshot) -> dict[str, Any]:
        """Everything a screening decision depends on besides the partner's event."""
        return {
            "lists": snapshot.versions,
            "rules": rules.rules_version(regimes, thresholds, jurisdictions, policy),
            "reference": {d.data_set: d.version for d in data_sets},
            "code": code_version(),
        }

    async def background(ctx: RuntimeContext) -> None:
        rescreener = Rescreener(
            ctx, decide_with, versions, state_topic=settings.rescreen_state_topic, progress=progress
        )

        async def on_change(old: Snapshot, new: Snapshot) -> None:
            await rescreener.run("lists_changed", new, old)

        async def at_start() -> None:
            """Once reviews are loaded and partitions assigned: re-screen what the stored
            state says was not re-screened for the versions in use now."""
            await reviews_loaded.wait()
            for _ in range(600):
                if ctx.assignment():
                    break
                await asyncio.sleep(1)
            if lists.store.snapshot.index is None:
                return  # no lists: decisions say LISTS_UNAVAILABLE; the change re-screens later
            try:
                await rescreener.ensure_state_topic()
                await rescreener.run("versions_changed", lists.store.snapshot)
            except Exception as exc:  # reported; the next change or restart tries again
                log.error("rescreen_at_start_failed", error=f"{type(exc).__name__}: {exc}"[:300])

        lists.on_change = on_change
        tasks: list[Coroutine[Any, Any, None]] = [lists.refresh_forever()]
        if settings.rescreen_at_start:
            tasks.append(at_start())
        if settings.reviews_file is None:
            tasks.append(
                follow(reviews, settings.client_options(), settings.review_topic, reviews_loaded)
            )
        await asyncio.gather(*tasks)

    async def warmup() -> None:
        await asyncio.wait_for(reviews_loaded.wait(), settings.review_load_timeout_seconds)
        if settings.rescreen_state_topic:  # decisions write their state record to it
            await ensure_topics(
                settings.client_options(),
                [TopicSpec(settings.rescreen_state_topic, 3, 1, {"cleanup.policy": "compact"})],
            )

    adhoc_judge: list[Judge[Any]] = []  # made once the definition exists, just below
    definition = ServiceDefinition(
        name=ServiceName.SCREENING,
        subject_type=SubjectType.PARTNER,
        events=(PartnerUpsertedEvent,),
        decide=decide,
        subject_of=lambda event: event.data.partner_id,
        subject_field="partner_id",
        measure=rules.size,
        state_of=partner_state(settings.rescreen_state_topic),
        rejected_state_of=rejected_state(settings.rescreen_state_topic),
        is_ready=reviews_loaded.is_set,
        prepare=lists.prepare,
        background=background,
        warmup=warmup,
        routes={
            "/lists": lists.status,
            "/reviews": reviews.status,
        },
        # yente's match API over these lists (services/sanctions/matchapi.py), and ad-hoc
        # screening by this service's own decision code, recorded nowhere (adhoc.py)
        post_routes={
            **{
                f"/match/{dataset}": lambda body, params: matchapi.match(
                    body, params, lists.store.snapshot, thresholds
                )
                for dataset in ("default", "sanctions")
            },
            "/screen": lambda body, _params: adhoc.screen(adhoc_judge[0], body, datetime.now(UTC)),
        },
        collectors=(
            ListCollector(lists.store, settings.screening_list_max_age_days),
            ProgressCollector(progress),
        ),
        reference=(regimes, jurisdictions),
        description="Is this partner, an owner or a representative on a sanctions or "
        "export-control list, or seated in a country under EU restrictive measures?",
    )
    adhoc_judge.append(Judge(definition, code_version=code_version(), limits=settings.limits()))
    return definition
