"""officer_preferences: each officer's language and own notification subscriptions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "officer_preferences",
        sa.Column("officer", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subscriptions", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("officer", name=op.f("pk_officer_preferences")),
    )


def downgrade() -> None:
    op.drop_table("officer_preferences")
