"""Thumbnails move out of `photos` into their own table, so listing photos reads small rows.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo_thumbnails",
        sa.Column("photo_id", sa.String(length=36), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["photo_id"], ["photos.id"], name=op.f("fk_photo_thumbnails_photo_id_photos")
        ),
        sa.PrimaryKeyConstraint("photo_id", name=op.f("pk_photo_thumbnails")),
    )
    op.execute("INSERT INTO photo_thumbnails (photo_id, data) SELECT id, thumbnail FROM photos")
    with op.batch_alter_table("photos") as batch_op:
        batch_op.drop_column("thumbnail")


def downgrade() -> None:
    with op.batch_alter_table("photos") as batch_op:
        batch_op.add_column(sa.Column("thumbnail", sa.LargeBinary(), nullable=False, server_default=sa.text("x''")))
    op.execute(
        "UPDATE photos SET thumbnail = "
        "(SELECT data FROM photo_thumbnails WHERE photo_thumbnails.photo_id = photos.id)"
    )
    op.drop_table("photo_thumbnails")
