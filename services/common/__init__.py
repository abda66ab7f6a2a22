"""Shared glue for every service: settings base, logging, Kafka transport, the pure
record pipeline and the FastStream app factory. No compliance logic lives here."""
