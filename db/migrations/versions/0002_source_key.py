"""Sources carry their registry id (``key``), the name people and the CLI use for them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Nullable, so existing rows upgrade unchanged; the crawler fills it when it registers a source again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("key", sa.String(), nullable=True))
    op.create_index(op.f("ix_sources_key"), "sources", ["key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_sources_key"), table_name="sources")
    op.drop_column("sources", "key")
