"""Wiring of the publication service: settings -> reference data -> decision function."""

from __future__ import annotations

from functools import partial

from schemas.decision import ServiceName, SubjectType
from schemas.events import PublicationReviewRequestedEvent
from services.common.service import ServiceDefinition
from services.publication import reference, rules
from services.publication.settings import Settings

__all__ = ["Settings", "definition"]


def definition(settings: Settings) -> ServiceDefinition[PublicationReviewRequestedEvent]:
    data = reference.load(settings.publication_data_dir)
    return ServiceDefinition(
        name=ServiceName.PUBLICATION,
        subject_type=SubjectType.PUBLICATION,
        events=(PublicationReviewRequestedEvent,),
        decide=partial(rules.decide, reference=data),
        subject_of=lambda event: event.data.publication_id,
        description="May this paper go out yet? Notice and objection periods, patent holds, "
        "export-controlled content.",
    )
