"""W3C trace context across Kafka, and OpenTelemetry spans for consume, judge and write.

A record's trace context comes from its ``traceparent`` (and ``tracestate``) Kafka headers,
else from the CloudEvents distributed-tracing extension attributes of the same names in
the event. Each record gets a consume span (a child of that context) and a judge span; the
transactional write of a partition's batch is a producer span linked to the records it
writes. The judge span's context goes on with everything written for the record: as Kafka
headers on decisions, dead letters and state records, and as the ``traceparent`` attribute
of the decision event, so one trace runs from the producer's event to its decision.

Spans are exported with OTLP over HTTP when ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``) is set, with the other ``OTEL_*`` variables of the
OpenTelemetry SDK; otherwise nothing is recorded, and trace context still passes through.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

PROPAGATOR = TraceContextTextMapPropagator()
_FIELDS = ("traceparent", "tracestate")


def provider_from_environment(service: str) -> trace.TracerProvider:
    """An SDK provider exporting with OTLP when the environment names an endpoint, else one
    that records nothing."""
    if not (
        os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    ):
        return trace.NoOpTracerProvider()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": f"clearway-{service}"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def parent_context(headers: Sequence[tuple[str, bytes]], value: bytes | None) -> Context:
    """The trace context a record carries: headers first, then the event's attributes."""
    carrier: dict[str, str] = {}
    for key, raw in headers:
        name = key.lower()
        if name in _FIELDS:
            carrier[name] = (raw or b"").decode("latin-1")
    if "traceparent" not in carrier and value and b'"traceparent"' in value:
        try:
            envelope = json.loads(value)
        except (ValueError, RecursionError):
            envelope = None
        if isinstance(envelope, dict):
            for name in _FIELDS:
                if isinstance(envelope.get(name), str):
                    carrier[name] = envelope[name]
    return PROPAGATOR.extract(carrier)


def carrier_of(span: trace.Span) -> dict[str, str]:
    """``traceparent`` (and ``tracestate``) of ``span``; empty when it has no valid context."""
    carrier: dict[str, str] = {}
    PROPAGATOR.inject(carrier, context=trace.set_span_in_context(span))
    return carrier
