"""create notes"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("notes", sa.Column("id", sa.BigInteger, primary_key=True), sa.Column("body", sa.Text, nullable=False))


def downgrade():
    op.drop_table("notes")
