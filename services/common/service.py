"""What a service is to the runtime: the events it takes and a pure decision function.

A service hands the runtime a :class:`ServiceDefinition` whose ``decide`` is already
bound to its rules and reference data. ``decide`` has no Kafka, HTTP, clock or
settings in it; the runtime and batch mode call the same function.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar, get_args

from schemas.decision import Reason, ServiceName, SubjectType
from schemas.envelope import InputEvent
from services.common.reference_data import DataSet

if TYPE_CHECKING:  # the runtime's context; decision code never needs it at run time
    from services.common.context import RuntimeContext
    from services.common.pipeline import Emission

E = TypeVar("E", bound=InputEvent)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a decision function returns; the pipeline turns it into a decision event."""

    reasons: tuple[Reason, ...]
    rules_version: str
    licence_required: bool | None = None
    earliest_publication_date: date | None = None
    lists_version: Mapping[str, str] | None = None
    #: data set -> version of every reference data set the decision read
    reference_versions: Mapping[str, str] | None = None
    #: dates the rules compared the evaluation date with, beyond those their reasons cite
    #: (candidates for ``valid_until``; see ``services.common.validity``)
    boundaries: frozenset[date] = frozenset()


def _always_ready() -> bool:
    return True


@dataclass(frozen=True, slots=True)
class ServiceDefinition(Generic[E]):
    """A service as the runtime sees it."""

    name: ServiceName
    subject_type: SubjectType
    #: the CloudEvent envelope models this service accepts (their ``type`` literals differ)
    events: tuple[type[E], ...]
    #: the pure decision function, bound to rules and reference data
    decide: Callable[[E], Verdict]
    #: the subject id of an accepted event (partner_id, transfer_id, publication_id)
    subject_of: Callable[[E], str]
    #: the field of ``data`` holding the subject id, to name the subject of a rejected record
    subject_field: str = ""
    #: (parties, the most names of one party) of an event, checked against the limits
    measure: Callable[[E], tuple[int, int]] | None = None
    #: records written with each decision, in its transaction (screening's re-screening
    #: state: the signature of the partner's decision)
    state_of: Callable[[E, Verdict], Sequence[Emission]] | None = None
    #: the same for a subject whose event was rejected: (subject id, event id) -> records
    rejected_state_of: Callable[[str, str], Sequence[Emission]] | None = None
    #: True once reference data is loaded; the readiness probe reports it
    is_ready: Callable[[], bool] = field(default=_always_ready)
    #: one line for the AsyncAPI document and ``clearway --help``
    description: str = ""
    #: run once before any record is judged (runtime start-up and batch mode): e.g. fetch lists
    prepare: Callable[[], Coroutine[Any, Any, None]] | None = None
    #: a long-running loop the runtime starts after start-up and cancels at shutdown
    background: Callable[[RuntimeContext], Coroutine[Any, Any, None]] | None = None
    #: awaited at start-up after ``background`` started, before records are consumed
    warmup: Callable[[], Coroutine[Any, Any, None]] | None = None
    #: extra read-only JSON endpoints: path -> function returning the document
    routes: Mapping[str, Callable[[], object]] = field(default_factory=dict)
    #: JSON endpoints taking a body: path -> (body, query parameters) -> (status, document)
    post_routes: Mapping[str, Callable[[bytes, Mapping[str, list[str]]], tuple[int, object]]] = (
        field(default_factory=dict)
    )
    #: extra Prometheus collectors, registered in the service's registry
    collectors: tuple[object, ...] = ()
    #: the reference data sets the decisions read: served at /reference, watched by metrics
    reference: tuple[DataSet, ...] = ()

    @property
    def accepted_types(self) -> tuple[str, ...]:
        """The CloudEvent ``type`` values this service judges."""
        return tuple(str(get_args(m.model_fields["type"].annotation)[0]) for m in self.events)
