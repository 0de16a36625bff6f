"""Which session reminders went out: the unique key makes each one go out once, whatever the workers."""

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, new_id, utcnow


class ReminderDelivery(Base):
    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("rsvp_id", "kind"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    rsvp_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rsvps.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "24h" or "1h"
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
