"""Every table holding a member's data joins the export and the erasure; no read open to
signed-out visitors shows any of it."""

import uuid

from sqlalchemy import update

from api import privacy
from api.db import Base, Session, utcnow
from api.models import Member
from tests.factories import GroupSessionFactory, ResourceFactory


def tables_referencing_members() -> set[str]:
    """Tables with a foreign key to members, or owned (ON DELETE CASCADE) by such a table.

    Shared rows that only name a member (ON DELETE SET NULL, such as a directory entry's
    verifier) are listed themselves but their own children are not personal data.
    """
    owners, found = {"members"}, {"members"}
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.tables.values():
            for fk in table.foreign_keys:
                if fk.column.table.name in owners and table.name not in found:
                    found.add(table.name)
                    changed = True
                if fk.column.table.name in owners and fk.ondelete == "CASCADE" and table.name not in owners:
                    owners.add(table.name)
                    changed = True
    return found


def test_every_personal_table_is_registered_for_export_and_erasure(app):
    missing = tables_referencing_members() - privacy.registered_tables()
    assert missing == set(), f"add these tables to the privacy registry: {sorted(missing)}"


def test_every_member_foreign_key_cascades_or_is_anonymised(app):
    """Deleting a member must never fail on a foreign key, nor leave their rows behind silently."""
    for table in Base.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name == "members":
                assert fk.ondelete in ("CASCADE", "SET NULL"), f"{table.name}.{fk.parent.name}"


# --- what signed-out visitors read ----------------------------------------------------------------


def _visitor_read_paths(app) -> list[str]:
    """Every GET under /api/ that the spec opens to requests without a token."""
    spec = app.extensions["smorest_api"].spec.to_dict()
    return sorted(
        path
        for path, operations in spec["paths"].items()
        if path.startswith("/api/") and {} in operations.get("get", {}).get("security", [])
    )


def test_no_signed_out_read_shows_anything_personal(app, client, group_setup, as_member):
    """Each read open to visitors, on a world full of personal values, shows none of them.

    Found from the spec, so a read opened to visitors later is scanned without being listed here.
    """
    secret = uuid.uuid4().hex
    setup = group_setup(address=f"Flat {secret}", format="hybrid", area="Leeds")
    facilitator = setup.facilitator.member
    session = GroupSessionFactory(
        group=setup.group, online_url=f"https://meet.example.org/{secret}", location=f"Room {secret}"
    )
    attendee = setup.member()
    for member_id, values in (
        (facilitator.id, {"display_name": f"Facilitator {secret[:8]}", "bio": f"bio {secret}"}),
        (attendee.member.id, {"legal_name": f"Legal {secret}", "display_name": f"Attendee {secret[:8]}"}),
    ):
        Session.execute(update(Member).where(Member.id == member_id).values(**values))
    Session.commit()
    attendee.put(f"/api/v1/sessions/{session.id}/rsvp")
    coach = as_member(role="coach", display_name=f"Coach {secret[:8]}")
    resource = ResourceFactory(verified_at=utcnow(), verified_by_id=coach.member.id)
    attendee.post(f"/api/v1/members/me/bookmarks/{resource.id}")
    ids = {"group_id": setup.group.id, "session_id": session.id, "resource_id": resource.id}
    personal = [
        secret[:8],  # every value above carries it: names, bios, address, link, room
        attendee.member.email,
        facilitator.email,
        coach.member.email,
        str(attendee.member.id),
        str(facilitator.id),
        str(coach.member.id),
    ]
    paths = _visitor_read_paths(app)
    assert len(paths) >= 8, paths
    for path in paths:
        response = client.get(path.format(**ids))
        assert response.status_code == 200, (path, response.json)
        text = response.get_data(as_text=True)
        assert not [value for value in personal if value in text], path
