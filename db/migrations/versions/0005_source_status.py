"""Sources keep their latest crawl's verdict (``ok``, ``warning``, ``error``), not only success and failure times.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

A listing that was read but gave nothing (a page with no meetings where earlier crawls found some, a portal
with no facts) is a ``warning``: neither a success nor an unreachable source. Nullable: rows crawled before
this revision are judged by their timestamps until their next crawl.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A VARCHAR with a CHECK constraint named by the metadata's convention, as the models map Literal; a plain
    # ADD COLUMN (no table copy), which SQLite and PostgreSQL both do in place.
    op.add_column("sources", sa.Column("last_status", sa.Enum("ok", "warning", "error", native_enum=False,
                                                              create_constraint=True, length=32), nullable=True))


def downgrade() -> None:
    op.drop_column("sources", "last_status")
