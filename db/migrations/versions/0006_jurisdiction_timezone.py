"""Jurisdictions keep their own time zone, from the registry (GeoNames), not their state's usual one.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Platforms publish meeting times as local wall-clock times. A state's zone is wrong for part of several
states (Knoxville TN is Eastern, El Paso TX Mountain), so a vote's time in an alert or calendar invite must
come from the jurisdiction's own zone. Nullable: rows registered before this revision fall back to their
state's zone until the next crawl registers them again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("jurisdictions", sa.Column("timezone", sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column("jurisdictions", "timezone")
