"""Prometheus metrics of a service, in a registry of its own (one per app, so tests can
build several apps in one process)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily

from services.common.reference_data import DataSet

_LATENCY_BUCKETS = (
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    1.0,
)
_BATCH_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class ServiceMetrics:
    service: str
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r, labels = self.registry, ["service"]
        self.events_in = Counter(
            "clearway_events_in", "Records consumed from the input topic.", labels, registry=r
        ).labels(self.service)
        self._decisions = Counter(
            "clearway_decisions", "Decisions written, by outcome.", [*labels, "outcome"], registry=r
        )
        self._deadletters = Counter(
            "clearway_deadletters",
            "Records sent to the dead-letter topic, by error kind.",
            [*labels, "error_kind"],
            registry=r,
        )
        self.decision_seconds = Histogram(
            "clearway_decision_seconds",
            "Time to judge one record (parse, validate, decide).",
            labels,
            buckets=_LATENCY_BUCKETS,
            registry=r,
        ).labels(self.service)
        self.batch_seconds = Histogram(
            "clearway_batch_seconds",
            "Time from a batch's arrival to its decisions acknowledged and offsets committed.",
            labels,
            buckets=_BATCH_BUCKETS,
            registry=r,
        ).labels(self.service)
        self.deadlines = Counter(
            "clearway_record_deadlines",
            "Records given up because judging them took longer than the deadline.",
            labels,
            registry=r,
        ).labels(self.service)
        self.batch_retries = Counter(
            "clearway_batch_retries",
            "Batches rewound and retried because a write or commit failed.",
            labels,
            registry=r,
        ).labels(self.service)
        self.ready = Gauge(
            "clearway_ready", "1 when the service is ready to decide.", labels, registry=r
        ).labels(self.service)

    def decision(self, outcome: str) -> None:
        self._decisions.labels(self.service, outcome).inc()

    def deadletter(self, error_kind: str) -> None:
        self._deadletters.labels(self.service, error_kind).inc()


class ReferenceCollector:
    """Prometheus view of the reference data sets: the review-by date of each, as a
    timestamp, so an alert fires before decisions turn amber (``REFERENCE_STALE``)."""

    def __init__(self, service: str, data_sets: Sequence[DataSet]) -> None:
        self.service = service
        self.data_sets = tuple(data_sets)

    def collect(self) -> Iterator[Any]:
        labels = ["service", "data_set"]
        review_by = GaugeMetricFamily(
            "clearway_reference_review_by_timestamp_seconds",
            "The date by which the reference data set must be checked again (UTC midnight).",
            labels=labels,
        )
        checked = GaugeMetricFamily(
            "clearway_reference_checked_timestamp_seconds",
            "The date the reference data set was last checked against its sources.",
            labels=labels,
        )
        info = InfoMetricFamily(
            "clearway_reference", "Version of each reference data set in use.", labels=labels
        )
        for d in self.data_sets:
            key = [self.service, d.data_set]
            review_by.add_metric(key, _midnight(d.review_by))
            checked.add_metric(key, _midnight(d.checked_on))
            info.add_metric(key, {"version": d.version})
        yield from (review_by, checked, info)


def _midnight(day: date) -> float:
    if day in (date.min, date.max):  # no date at all (no configuration): never due
        return 0.0 if day == date.min else 253402214400.0
    return datetime.combine(day, time.min, tzinfo=UTC).timestamp()
