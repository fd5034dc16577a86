"""The two tables of the shared store: API tokens and analysts' feedback.

Plain SQLAlchemy Core: the same definitions create the schema on SQLite and
PostgreSQL. Times are stored as timezone-aware UTC.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("spaces", JSON, nullable=False),  # a list of space ids, or "*" for every space
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("space", String(64), nullable=False),
    Column("ticket_id", String(200)),
    Column("target", String(32), nullable=False),  # checklist | reply_template | next_step | article | finding
    Column("item_id", String(500)),
    Column("vote", String(8), nullable=False),  # up | down
    Column("comment", Text),
    Column("ticket", JSON),
    Column("suggestion", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("turned_into_case", Boolean, nullable=False, default=False),
    Index("ix_feedback_space_created", "space", "created_at"),
)
