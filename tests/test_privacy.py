"""Every table holding a member's data joins the export and the erasure."""

from api import privacy
from api.db import Base


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
