"""keep past bookings anonymised on erasure

Revision ID: adc179e6dd01
Revises: 2f32a4294cb1
Create Date: 2026-11-26 01:14:31.876869

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'adc179e6dd01'
down_revision = '2f32a4294cb1'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite rebuilds the table to change a foreign key; PostgreSQL alters in place.
    with op.batch_alter_table('rsvps') as batch_op:
        batch_op.alter_column('member_id', existing_type=sa.Uuid(), nullable=True)
        batch_op.drop_constraint('fk_rsvps_member_id_members', type_='foreignkey')
        batch_op.create_foreign_key('fk_rsvps_member_id_members', 'members', ['member_id'], ['id'], ondelete='SET NULL')


def downgrade():
    # Anonymised past bookings cannot exist without a member: they go.
    op.execute("DELETE FROM rsvps WHERE member_id IS NULL")
    with op.batch_alter_table('rsvps') as batch_op:
        batch_op.drop_constraint('fk_rsvps_member_id_members', type_='foreignkey')
        batch_op.create_foreign_key('fk_rsvps_member_id_members', 'members', ['member_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('member_id', existing_type=sa.Uuid(), nullable=False)
