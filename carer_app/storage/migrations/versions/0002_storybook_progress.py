"""Storybook progress (where a child left off) and an index for filtering observations.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "storybook_progress",
        sa.Column("child_id", sa.String(length=36), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_storybook_progress_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["story_entries.id"],
            name=op.f("fk_storybook_progress_entry_id_story_entries"),
        ),
        sa.PrimaryKeyConstraint("child_id", name=op.f("pk_storybook_progress")),
    )
    with op.batch_alter_table("observations") as batch_op:
        batch_op.create_index("ix_observations_category", ["category"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("observations") as batch_op:
        batch_op.drop_index("ix_observations_category")
    op.drop_table("storybook_progress")
