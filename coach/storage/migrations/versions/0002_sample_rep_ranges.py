"""calibration samples remember the range of motion of each counted rep (the counter's calibrated range)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 08:00:00
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
    # null: not measured yet; samples recorded before this revision are measured the first time they are needed
    with op.batch_alter_table("calibration_samples", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rep_ranges", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calibration_samples", schema=None) as batch_op:
        batch_op.drop_column("rep_ranges")
