"""Prometheus metrics of a service, in a registry of its own (one per app, so tests can
build several apps in one process)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

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
