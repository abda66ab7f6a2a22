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
- ``projector_offsets``: the next offset to read per topic partition, written in the same
  transaction as the rows, so a restart resumes exactly where the rows end.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

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
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("topic", String(255), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    #: the record value, zlib-compressed (the decision exactly as it was on the topic)
    Column("raw", LargeBinary, nullable=False),
    UniqueConstraint("decision_id", "digest"),
    Index(None, "subject_id", "id"),
    Index(None, "recorded_at"),
    Index(None, "outcome", "id"),
    Index(None, "service", "id"),
    Index(None, "source_event_id"),
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
