"""Each member's conversation preferences: the topics they always want folded, with every
content note and reaction there is, so the SPA need not hard-code either list."""

from dataclasses import dataclass

from sqlalchemy import select

from api.db import Session
from api.errors import Invalid
from api.models.conversations import CONTENT_NOTES, REACTIONS, HiddenContentNote
from api.models.members import Member
from api.services.conversation_reads import always_folded

NOTE_LABELS = {
    "self_harm": "Self-harm",
    "suicide": "Suicide",
    "substance_use_detail": "Substance use detail",
    "abuse": "Abuse",
    "eating": "Eating and food",
    "loss": "Loss and grief",
    "violence": "Violence",
    "medical": "Medical details",
}
REACTION_LABELS = {
    "sending_support": "Sending support",
    "me_too": "Me too",
    "thank_you": "Thank you",
    "proud_of_you": "Proud of you",
}


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class ContentPreferences:
    always_folded: tuple[str, ...]
    content_notes: tuple[Option, ...]
    reactions: tuple[Option, ...]


def content_preferences(member: Member) -> ContentPreferences:
    """The topics the member always wants folded, and every note and reaction there is."""
    return ContentPreferences(
        always_folded=tuple(always_folded(member.id)),
        content_notes=tuple(Option(note, NOTE_LABELS[note]) for note in CONTENT_NOTES),
        reactions=tuple(Option(kind, REACTION_LABELS[kind]) for kind in REACTIONS),
    )


def set_content_preferences(member: Member, notes: list[str]) -> ContentPreferences:
    unknown = sorted(set(notes) - set(CONTENT_NOTES))
    if unknown:
        raise Invalid("Unknown content note.", errors={"always_folded": [f"Unknown: {', '.join(unknown)}."]})
    wanted = set(notes)
    current = {
        row.note: row
        for row in Session.scalars(select(HiddenContentNote).where(HiddenContentNote.member_id == member.id))
    }
    for note, row in current.items():
        if note not in wanted:
            Session.delete(row)
    Session.add_all(HiddenContentNote(member_id=member.id, note=note) for note in wanted - current.keys())
    Session.flush()
    return content_preferences(member)
