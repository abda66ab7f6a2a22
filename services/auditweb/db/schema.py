"""The decision store's tables (SQLAlchemy Core): one schema for SQLite (the embedded
default, a file) and PostgreSQL (production), changed only by Alembic migrations
(``migrations/``; a test checks that the migrations and these tables agree).

- ``decisions``: one row per decision version (a decision id with other content is the
  event judged again, and kept), the record's bytes compressed, where it lies on its topic;
- ``decision_reasons``: each reason's code with the list and entry it names (search by
  reason, list, entry);
- ``decision_names``: the party names a decision's reasons name, case-folded;
- ``event_names``: every party name of an input event (partner, aliases, owners,
  representatives, end users), case-folded: search by name finds green decisions too, whose
  reasons name nobody;
- ``cases``, ``case_history``: what officers work on, and who did what when;
- ``officer_preferences``: each officer's language and own notification subscriptions;
- ``projector_offsets``: the next offset to read per topic partition, written in the same
  transaction as the rows, so a restart resumes exactly where the rows end.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time, stored and read back as UTC with its zone on every database (SQLite
    keeps no zone and would hand back a naive time)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "a naive datetime: the store keeps only times with their zone"
            raise ValueError(msg)
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: ids grow without bound; SQLite's autoincrement wants INTEGER, PostgreSQL gets BIGINT
Id = BigInteger().with_variant(Integer(), "sqlite")

decisions = Table(
    "decisions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("decision_id", String(200), nullable=False),
    #: sha256 of the record value: the same id and digest again is a redelivery
    Column("digest", String(64), nullable=False),
    Column("service", String(40), nullable=False),
    Column("subject_type", String(40), nullable=False),
    Column("subject_id", String(500), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("source_event_id", String(500), nullable=False),
    Column("recorded_at", UTCDateTime(), nullable=False),
    Column("topic", String(255), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    #: the record value, zlib-compressed (the decision exactly as it was on the topic)
    Column("raw", LargeBinary, nullable=False),
    UniqueConstraint("decision_id", "digest"),
    Index(None, "subject_id", "id"),
    Index(None, "recorded_at"),
    Index(None, "service", "recorded_at"),
    Index(None, "source_event_id"),
    # a time window with an outcome (the red decisions of a day) without scanning by id
    Index(None, "outcome", "recorded_at"),
)

decision_reasons = Table(
    "decision_reasons",
    metadata,
    Column("decision", Id, ForeignKey("decisions.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(80), nullable=False),
    Column("list_name", String(120)),
    Column("entry_id", String(200)),
    Index(None, "code", "decision"),
    Index(None, "list_name", "entry_id"),
    Index(None, "decision"),
)

decision_names = Table(
    "decision_names",
    metadata,
    Column("decision", Id, ForeignKey("decisions.id", ondelete="CASCADE"), nullable=False),
    #: case-folded, spaces collapsed: what a search compares with
    Column("name", String(500), nullable=False),
    Index(None, "name"),
    Index(None, "decision"),
)

event_names = Table(
    "event_names",
    metadata,
    #: the input event's id: a decision names it as ``source_event_id``
    Column("source_event_id", String(500), nullable=False),
    Column("name", String(500), nullable=False),
    UniqueConstraint("source_event_id", "name"),
    Index(None, "name"),
)

projector_offsets = Table(
    "projector_offsets",
    metadata,
    Column("topic", String(255), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("next_offset", BigInteger, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("subject_id", String(500), nullable=False),
    Column("service", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("worst", String(20), nullable=False),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("due_at", UTCDateTime(), nullable=False),
    Column("assignee", String(200)),
    Column("resolution", String(200)),
    #: the first reviewer's verdict waiting for a second person (JSON), four eyes
    Column("pending", Text),
    #: the matches reviewed with effect (JSON: [["list/entry", verdict], ...])
    Column("reviewed", Text),
    #: raised by every write; an officer's action on a case that changed meanwhile is refused
    Column("version", Integer, nullable=False, server_default="0"),
    Index(None, "subject_id", "service", "status"),
    Index(None, "assignee", "status"),
    Index(None, "status", "due_at"),
)

case_history = Table(
    "case_history",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("case", Id, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    #: the signed-in user, or "clearway" for what the services decided
    Column("actor", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    #: the details (JSON): a decision's id and outcome, a comment, a verdict
    Column("detail", Text, nullable=False),
    Index(None, "case", "id"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    #: one notice per decision and subscriber: a decision stored again never notifies twice
    Column("key", String(500), nullable=False, unique=True),
    Column("subscriber", String(200), nullable=False),
    Column("decision_id", String(200), nullable=False),
    #: the notice as the rules made it (JSON: ids, outcome, codes; no names)
    Column("notice", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    #: pending, sent, or dead (given up after the last attempt: the dead-letter record)
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    Column("last_error", Text),
    Index(None, "status", "next_at"),
)

officer_preferences = Table(
    "officer_preferences",
    metadata,
    #: the signed-in user's name, as cases name their assignee
    Column("officer", String(200), primary_key=True),
    #: the language of the page, the notifications and the reports: en or de
    Column("language", String(8), nullable=False),
    #: the officer's own notification subscriptions (JSON list; see notify/rules.py)
    Column("subscriptions", Text, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)
