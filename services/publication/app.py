"""Wiring of the publication service: settings -> reference data -> decision function."""

from __future__ import annotations

from functools import partial

from schemas.decision import ServiceName, SubjectType
from schemas.events import PublicationReviewRequestedEvent
from services.common.reference_data import DataSet
from services.common.service import ServiceDefinition
from services.publication import reference, rules
from services.publication.settings import Settings

__all__ = ["Settings", "definition", "reference_data"]


def reference_data(settings: Settings) -> tuple[DataSet, ...]:
    """The data sets the decisions read, for ``clearway reference status``."""
    data = reference.load(settings.publication_data_dir)
    return (data.confirm(settings.publication_confirmed_agreements),)


def definition(settings: Settings) -> ServiceDefinition[PublicationReviewRequestedEvent]:
    data = reference.load(settings.publication_data_dir).confirm(
        settings.publication_confirmed_agreements
    )
    return ServiceDefinition(
        name=ServiceName.PUBLICATION,
        subject_type=SubjectType.PUBLICATION,
        events=(PublicationReviewRequestedEvent,),
        decide=partial(rules.decide, reference=data),
        subject_of=lambda event: event.data.publication_id,
        subject_field="publication_id",
        reference=(data,),
        description="May this paper go out yet? Notice and objection periods, patent holds, "
        "export-controlled content.",
    )
