"""The member's data export and erasure, assembled from every domain that holds personal data.

Each domain registers the tables it owns that hold a member's data, a function that exports them
and, where rows must outlive the member (shared contributions), one that anonymises them. A test
checks that every table with a foreign key to `members` is registered, so a new table cannot
silently escape export and erasure.
"""

from collections.abc import Callable
from dataclasses import dataclass

from api.models.members import Member


@dataclass(frozen=True)
class PersonalData:
    name: str
    tables: tuple[str, ...]
    export: Callable[[Member], object]
    # Runs before the member row is deleted; tables whose rows cascade need nothing here.
    erase: Callable[[Member], None] | None = None


REGISTRY: dict[str, PersonalData] = {}


def register(entry: PersonalData) -> None:
    REGISTRY[entry.name] = entry


def registered_tables() -> set[str]:
    return {table for entry in REGISTRY.values() for table in entry.tables}


def export_member(member: Member) -> dict:
    return {name: entry.export(member) for name, entry in sorted(REGISTRY.items())}


def erase_member_data(member: Member) -> None:
    for entry in REGISTRY.values():
        if entry.erase is not None:
            entry.erase(member)
