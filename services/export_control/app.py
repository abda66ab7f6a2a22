"""Wiring of the export-control service: settings -> reference data and lists -> decisions."""

from __future__ import annotations

from schemas.decision import ServiceName, SubjectType
from schemas.events import TechnologyTransferRequestedEvent
from services.common.reference_data import DataSet
from services.common.service import ServiceDefinition, Verdict
from services.export_control import reference, rules
from services.export_control.settings import Settings
from services.sanctions.runtime import ListCollector, start_lists

__all__ = ["Settings", "definition", "reference_data"]


def reference_data(settings: Settings) -> tuple[DataSet, ...]:
    """The data sets the decisions read, for ``clearway reference status``."""
    data = reference.load(settings.export_control_data_dir, settings.screening_data_dir)
    return (*data.data_sets, settings.jurisdictions())


def definition(settings: Settings) -> ServiceDefinition[TechnologyTransferRequestedEvent]:
    data = reference.load(settings.export_control_data_dir, settings.screening_data_dir)
    lists = start_lists(settings)
    thresholds = settings.thresholds()
    jurisdictions = settings.jurisdictions()

    def decide(event: TechnologyTransferRequestedEvent) -> Verdict:
        return rules.decide(
            event, data, lists.store.snapshot, thresholds, jurisdictions=jurisdictions
        )

    return ServiceDefinition(
        name=ServiceName.EXPORT_CONTROL,
        subject_type=SubjectType.TECHNOLOGY_TRANSFER,
        events=(TechnologyTransferRequestedEvent,),
        decide=decide,
        subject_of=lambda event: event.data.transfer_id,
        subject_field="transfer_id",
        prepare=lists.prepare,
        background=lambda _ctx: lists.refresh_forever(),
        routes={"/lists": lists.status},
        collectors=(ListCollector(lists.store, settings.screening_list_max_age_days),),
        reference=(*data.data_sets, jurisdictions),
        description="May this technology be shared with this partner abroad? Dual-use control "
        "(Regulation (EU) 2021/821), embargoes, catch-all and end-user screening.",
    )
