"""Wiring of the screening service: settings -> lists and regimes -> decision function."""

from __future__ import annotations

from schemas.decision import ServiceName, SubjectType
from schemas.events import PartnerUpsertedEvent
from services.common.service import ServiceDefinition, Verdict
from services.screening import reference, rules
from services.screening.lists_runtime import ListCollector, start_lists
from services.screening.settings import ListSettings, Settings

__all__ = ["Settings", "definition"]


def thresholds_of(settings: ListSettings) -> rules.Thresholds:
    return rules.Thresholds(settings.screening_match_threshold, settings.screening_review_threshold)


def definition(settings: Settings) -> ServiceDefinition[PartnerUpsertedEvent]:
    """Load the lists (synchronously: readiness stays false until they are in) and bind the
    decision function to the store, which later refreshes replace whole."""
    regimes = reference.load_regimes(settings.screening_data_dir)
    lists = start_lists(settings)
    thresholds = thresholds_of(settings)

    def decide(event: PartnerUpsertedEvent) -> Verdict:
        return rules.decide(event, lists.store.snapshot, regimes, thresholds)

    return ServiceDefinition(
        name=ServiceName.SCREENING,
        subject_type=SubjectType.PARTNER,
        events=(PartnerUpsertedEvent,),
        decide=decide,
        subject_of=lambda event: event.data.partner_id,
        is_ready=lambda: True,  # fail closed rather than stall: no lists -> LISTS_UNAVAILABLE
        prepare=lists.refresh_once,
        background=lists.refresh_forever,
        routes={"/lists": lists.status},
        collectors=(ListCollector(lists.store),),
        description="Is this partner, an owner or a representative on a sanctions or "
        "export-control list, or seated in a country under EU restrictive measures?",
    )
