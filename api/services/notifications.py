"""Creating in-app notifications. They are rows in the same transaction as the change itself."""

import uuid
from collections.abc import Iterable

from api.db import Session
from api.models.notifications import Notification, NotificationKind


def notify(
    member_ids: Iterable[uuid.UUID],
    kind: NotificationKind,
    title: str,
    body: str,
    link: str | None = None,
    **data,
) -> None:
    Session.add_all(
        Notification(member_id=member_id, kind=kind.value, title=title, body=body, link=link, data=data)
        for member_id in dict.fromkeys(member_ids)
    )
