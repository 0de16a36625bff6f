"""keep coaching history when a coach leaves

Revision ID: e15c0a1b2c3d
Revises: d15a0c0e7a11
Create Date: 2026-12-03 20:40:00.000000

A coach who erases their account no longer takes the member's relationship and its messages with
them: `coaching_relationships.coach_id` becomes nullable, ON DELETE SET NULL. The erasure itself
ends the coach's open relationships and empties their message bodies before the row goes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e15c0a1b2c3d'
down_revision = 'd15a0c0e7a11'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite rebuilds the table to change a foreign key (its named CHECKs and the
    # partial unique index on open pairs come back as they were); PostgreSQL alters in place.
    # With a NULL coach, `member_id <> coach_id` is unknown, which a CHECK accepts, and NULLs never
    # collide in the unique index.
    with op.batch_alter_table('coaching_relationships', schema=None) as batch_op:
        batch_op.alter_column('coach_id', existing_type=sa.Uuid(), nullable=True)
        batch_op.drop_constraint('fk_coaching_relationships_coach_id_members', type_='foreignkey')
        batch_op.create_foreign_key(
            'fk_coaching_relationships_coach_id_members', 'members', ['coach_id'], ['id'], ondelete='SET NULL'
        )


def downgrade():
    # A relationship whose coach left cannot exist without one: it goes, with its messages (cascade).
    op.execute("DELETE FROM coaching_relationships WHERE coach_id IS NULL")
    with op.batch_alter_table('coaching_relationships', schema=None) as batch_op:
        batch_op.drop_constraint('fk_coaching_relationships_coach_id_members', type_='foreignkey')
        batch_op.create_foreign_key(
            'fk_coaching_relationships_coach_id_members', 'members', ['coach_id'], ['id'], ondelete='CASCADE'
        )
        batch_op.alter_column('coach_id', existing_type=sa.Uuid(), nullable=False)

