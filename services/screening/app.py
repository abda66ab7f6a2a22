"""Wiring of the screening service: settings -> lists, regimes, thresholds and reviews ->
decision function; the review topic followed and re-screening on a list change."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from schemas.decision import ServiceName, SubjectType
from schemas.events import PartnerUpsertedEvent
from services.common.context import RuntimeContext
from services.common.reference_data import DataSet
from services.common.service import ServiceDefinition, Verdict
from services.sanctions.runtime import ListCollector, start_lists
from services.sanctions.snapshot import Snapshot
from services.screening import reference, rules
from services.screening.rescreen import rescreen
from services.screening.review_feed import follow
from services.screening.reviews import ReviewState
from services.screening.settings import Settings

__all__ = ["Settings", "definition", "reference_data"]


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
    reviews = ReviewState()
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
            )

        return decide

    def decide(event: PartnerUpsertedEvent) -> Verdict:
        return decide_with(lists.store.snapshot)(event)

    async def background(ctx: RuntimeContext) -> None:
        async def on_change(old: Snapshot, new: Snapshot) -> None:
            await rescreen(ctx, decide_with, old, new)

        lists.on_change = on_change
        tasks: list[Coroutine[Any, Any, None]] = [lists.refresh_forever()]
        if settings.reviews_file is None:
            tasks.append(
                follow(reviews, settings.client_options(), settings.review_topic, reviews_loaded)
            )
        await asyncio.gather(*tasks)

    async def warmup() -> None:
        await asyncio.wait_for(reviews_loaded.wait(), settings.review_load_timeout_seconds)

    return ServiceDefinition(
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
        reference=(regimes, jurisdictions),
        description="Is this partner, an owner or a representative on a sanctions or "
        "export-control list, or seated in a country under EU restrictive measures?",
    )
