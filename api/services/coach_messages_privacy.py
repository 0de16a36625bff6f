"""Coach messages in the member's data export and erasure.

Export: every conversation the member can still open, as they see it (a member keeps theirs;
a coach theirs while the relationship is open), and the member's own messages in the others.

Erasure: a member's erasure removes their coaching relationships, and with them the
conversations (ON DELETE CASCADE on `member_id`). A coach's erasure keeps the member's history:
it empties the coach's own messages (body NULL, `erased_at` set, "the author left") and ends their
open relationships before the account goes; the relationships then stay with a NULL coach
(ON DELETE SET NULL on `coach_id`), ended, read-only for the member.
"""

from sqlalchemy import or_, select, update

from api import privacy
from api.db import Session, utcnow
from api.models.coach_messages import CoachMessage
from api.models.coaching_plans import OPEN_RELATIONSHIP, CoachingRelationship, RelationshipStatus
from api.models.members import Member


def export_messages(member: Member) -> list[dict]:
    relationships = list(
        Session.scalars(
            select(CoachingRelationship)
            .where(
                or_(CoachingRelationship.member_id == member.id, CoachingRelationship.coach_id == member.id)
            )
            .order_by(CoachingRelationship.created_at, CoachingRelationship.id)
        )
    )
    readable = {
        rel.id for rel in relationships if rel.member_id == member.id or rel.status in OPEN_RELATIONSHIP
    }
    messages = Session.scalars(
        select(CoachMessage)
        .where(
            CoachMessage.relationship_id.in_([rel.id for rel in relationships]),
            or_(CoachMessage.relationship_id.in_(readable), CoachMessage.author_id == member.id),
        )
        .order_by(CoachMessage.created_at, CoachMessage.id)
    )
    by_relationship: dict = {rel.id: [] for rel in relationships}
    for message in messages:
        by_relationship[message.relationship_id].append(
            {
                "id": str(message.id),
                "written_by": "me" if message.author_id == member.id else "the other party",
                "body": message.body,
                "shared_resource_id": message.resource_id and str(message.resource_id),
                "created_at": message.created_at.isoformat(),
                "read_at": message.read_at and message.read_at.isoformat(),
            }
        )
    return [
        {
            "relationship_id": str(rel.id),
            "my_role": "member" if rel.member_id == member.id else "coach",
            "messages": by_relationship[rel.id],
        }
        for rel in relationships
        if by_relationship[rel.id]
    ]


def erase_messages(member: Member) -> None:
    """Empty the member's own messages where the conversation outlives them, and end the
    coaching they give: those relationships outlive the coach (their `coach_id` becomes NULL
    when the account goes). A member's own relationships go with their account."""
    now = utcnow()
    Session.execute(
        update(CoachMessage)
        .where(CoachMessage.author_id == member.id)
        .values(body=None, erased_at=now)
        .execution_options(synchronize_session=False)
    )
    Session.execute(
        update(CoachingRelationship)
        .where(CoachingRelationship.coach_id == member.id, CoachingRelationship.status.in_(OPEN_RELATIONSHIP))
        .values(status=RelationshipStatus.ENDED.value, ended_at=now)
        .execution_options(synchronize_session=False)
    )
    Session.flush()


privacy.register(privacy.PersonalData("coach_messages", ("coach_messages",), export_messages, erase_messages))
