"""Portal snapshots say whose data they are: the license and attribution of a third-party aggregator's copy.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

A snapshot read from the vendor's own portal page carries neither (NULL). One read from the Eyes on Flock
aggregator carries "CC BY-SA 4.0" and "Eyes on Flock (eyesonflock.com)": its license requires the
attribution to travel with the data, so it is stored on the row rather than derived from the platform.
Nullable, so existing rows upgrade unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("portal_snapshots") as batch:
        batch.add_column(sa.Column("license", sa.Text(), nullable=True))
        batch.add_column(sa.Column("attribution", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("portal_snapshots") as batch:
        batch.drop_column("attribution")
        batch.drop_column("license")
