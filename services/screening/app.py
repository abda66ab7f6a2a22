"""Wiring of the screening service: settings -> lists and regimes -> decision function."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from schemas.decision import ServiceName, SubjectType
from schemas.events import PartnerUpsertedEvent
from services.common.pipeline import Judge
from services.common.runtime import code_version
from services.common.service import RuntimeContext, ServiceDefinition, Verdict
from services.screening import reference, rules
from services.screening.lists_runtime import ListCollector, start_lists
from services.screening.rescreen import rescreen
from services.screening.reviews import ReviewState, follow
from services.screening.settings import ListSettings, Settings

__all__ = ["Settings", "definition"]


def thresholds_of(settings: ListSettings) -> rules.Thresholds:
    return rules.Thresholds(settings.screening_match_threshold, settings.screening_review_threshold)


def definition(settings: Settings) -> ServiceDefinition[PartnerUpsertedEvent]:
    """Lists from files now (URL sources at start-up); reviews followed from their topic,
    loaded before the first record is judged; re-screening when a list changes."""
    regimes = reference.load_regimes(settings.screening_data_dir)
    lists = start_lists(settings)
    thresholds = thresholds_of(settings)
    reviews = ReviewState()
    reviews_loaded = asyncio.Event()

    def decide_with(snapshot: reference.Snapshot) -> Callable[[PartnerUpsertedEvent], Verdict]:
        def decide(event: PartnerUpsertedEvent) -> Verdict:
            return rules.decide(
                event, snapshot, regimes, thresholds, reviews.for_partner(event.data.partner_id)
            )

        return decide

    def decide(event: PartnerUpsertedEvent) -> Verdict:
        return decide_with(lists.store.snapshot)(event)

    async def background(ctx: RuntimeContext) -> None:
        judge: Judge[PartnerUpsertedEvent] = Judge(
            service, max_record_bytes=settings.max_record_bytes, code_version=code_version()
        )

        async def on_change(old: reference.Snapshot, new: reference.Snapshot) -> None:
            await rescreen(ctx, judge, decide_with, old, new)

        lists.on_change = on_change
        await asyncio.gather(
            follow(reviews, settings.client_options(), settings.review_topic, reviews_loaded),
            lists.refresh_forever(),
        )

    async def warmup() -> None:
        await asyncio.wait_for(reviews_loaded.wait(), settings.review_load_timeout_seconds)

    service: ServiceDefinition[PartnerUpsertedEvent] = ServiceDefinition(
        name=ServiceName.SCREENING,
        subject_type=SubjectType.PARTNER,
        events=(PartnerUpsertedEvent,),
        decide=decide,
        subject_of=lambda event: event.data.partner_id,
        is_ready=reviews_loaded.is_set,
        prepare=lists.prepare,
        background=background,
        warmup=warmup,
        routes={
            "/lists": lists.status,
            "/reviews": lambda: {"reviews": reviews.applied, "rejected": reviews.rejected},
        },
        collectors=(ListCollector(lists.store),),
        description="Is this partner, an owner or a representative on a sanctions or "
        "export-control list, or seated in a country under EU restrictive measures?",
    )
    return service
