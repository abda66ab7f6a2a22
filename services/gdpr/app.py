"""Wiring of the GDPR service: settings -> reference data -> decision function."""

from __future__ import annotations

from functools import partial

from schemas.decision import ServiceName, SubjectType
from schemas.events import DataTransferRequestedEvent
from services.common.reference_data import DataSet
from services.common.service import ServiceDefinition
from services.gdpr import reference, rules
from services.gdpr.settings import Settings

__all__ = ["Settings", "definition", "reference_data"]


def reference_data(settings: Settings) -> tuple[DataSet, ...]:
    return (reference.load(settings.gdpr_data_dir),)


def definition(settings: Settings) -> ServiceDefinition[DataTransferRequestedEvent]:
    data = reference.load(settings.gdpr_data_dir)
    return ServiceDefinition(
        name=ServiceName.GDPR,
        subject_type=SubjectType.DATA_TRANSFER,
        events=(DataTransferRequestedEvent,),
        decide=partial(rules.decide, reference=data),
        subject_of=lambda event: event.data.transfer_id,
        subject_field="transfer_id",
        reference=(data,),
        description="May this personal data go to a partner outside the EEA? (GDPR Chapter V)",
    )
