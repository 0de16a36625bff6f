"""add member country

Revision ID: a14c0e7f3b21
Revises: 8c4d2e6f1a57
Create Date: 2026-12-03 10:00:00.000000

A member may say which country they are in (ISO 3166-1 alpha-2), so that a check-in that signals
risk shows that country's crisis lines and emergency numbers rather than their time zone's guess.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a14c0e7f3b21'
down_revision = '8c4d2e6f1a57'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))


def downgrade():
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('country')
