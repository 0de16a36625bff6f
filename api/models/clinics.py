"""Partner clinics: their API clients, the members' consents and the clinic's view of a member."""

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, TimestampMixin, enum_values, new_id, utcnow


class ClinicScope(enum.StrEnum):
    MEMBERS_READ = "members:read"
    PLANS_READ = "plans:read"
    CHECKINS_READ = "checkins:read"
    ATTENDANCE_READ = "attendance:read"
    REFERRALS_WRITE = "referrals:write"


CLINIC_SCOPES = tuple(scope.value for scope in ClinicScope)
# What a member can consent to share; referrals:write is the clinic's own capability.
SHAREABLE_SCOPES = (
    ClinicScope.MEMBERS_READ.value,
    ClinicScope.PLANS_READ.value,
    ClinicScope.CHECKINS_READ.value,
    ClinicScope.ATTENDANCE_READ.value,
)


class ConsentStatus(enum.StrEnum):
    PROPOSED = "proposed"  # pre-filled by a clinic referral; shares nothing until the member grants it
    ACTIVE = "active"  # granted; still subject to its expiry
    DECLINED = "declined"  # a proposal the member turned down
    REVOKED = "revoked"  # withdrawn by the member, or replaced by a newer grant to the same clinic


class Clinic(TimestampMixin, Base):
    __tablename__ = "clinics"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    # The organisation's contact details, not a person's: shown to members deciding on consent.
    website: Mapped[str | None] = mapped_column(String(500))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    region: Mapped[str | None] = mapped_column(String(2))
    description: Mapped[str | None] = mapped_column(String(1000))
    retired_at: Mapped[dt.datetime | None]


class ClinicClient(Base):
    """An API client of a clinic: a client id and a secret of which only a hash is kept."""

    __tablename__ = "clinic_clients"
    __table_args__ = (Index("ix_clinic_clients_clinic_created", "clinic_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 of a 256-bit random secret: a slow hash adds nothing to a secret nobody chose.
    secret_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(120))
    allowed_scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    secret_rotated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    clinic: Mapped[Clinic] = relationship(lazy="joined", innerjoin=True)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.clinic.retired_at is None


class ClinicPatient(Base):
    """A member as one clinic sees them: a random id that no other clinic shares.

    Kept across consents, so a clinic can follow a member from one consent to the next, but never
    derived from the member's id, so two clinics comparing notes cannot link the same member.
    """

    __tablename__ = "clinic_patients"
    __table_args__ = (Index("uq_clinic_patients_clinic_member", "clinic_id", "member_id", unique=True),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)  # the pseudonymous id
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    # The clinic's own reference for its patient (from a referral), echoed back to that clinic only.
    patient_reference: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Consent(Base):
    """A member's consent to share data with a clinic (contents after 42 CFR Part 2 §2.31).

    Who may disclose: Peerway, on the member's behalf (`discloser`). What: `scopes`. To whom:
    `clinic`. Why: `purpose`. Until: `expires_at`, or earlier on `expiry_event`. Signed:
    `signed_at`, with the member's acknowledgement of the right to revoke at any time.
    """

    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint(f"status IN {enum_values(ConsentStatus)!r}", name="status_known"),
        CheckConstraint("status != 'active' OR signed_at IS NOT NULL", name="active_is_signed"),
        CheckConstraint(
            "status != 'active' OR right_to_revoke_acknowledged", name="active_acknowledges_revocation"
        ),
        # One live grant per member and clinic: a new grant replaces the old one.
        Index(
            "uq_consents_member_clinic_active",
            "member_id",
            "clinic_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
            sqlite_where=text("status = 'active'"),
        ),
        Index("ix_consents_member_created", "member_id", "created_at"),
        Index("ix_consents_clinic_status", "clinic_id", "status", "expires_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    invitation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clinic_invitations.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(20))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    purpose: Mapped[str] = mapped_column(String(500))
    discloser: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[dt.datetime]
    expiry_event: Mapped[str | None] = mapped_column(String(300))
    right_to_revoke_acknowledged: Mapped[bool] = mapped_column(default=False)
    signed_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    revocation_reason: Mapped[str | None] = mapped_column(String(40))  # member, replaced, declined
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    clinic: Mapped[Clinic] = relationship(lazy="joined", innerjoin=True)

    def is_in_force(self, now: dt.datetime | None = None) -> bool:
        return self.status == ConsentStatus.ACTIVE and self.expires_at > (now or utcnow())


class ClinicInvitation(Base):
    """A clinic's referral of a patient: a single-use code the patient redeems when signing up.

    Redeeming it proposes a consent with these terms; the member still decides.
    """

    __tablename__ = "clinic_invitations"
    __table_args__ = (Index("ix_clinic_invitations_clinic_created", "clinic_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    created_by_client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clinic_clients.id", ondelete="SET NULL")
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    patient_reference: Mapped[str | None] = mapped_column(String(64))
    proposed_scopes: Mapped[list[str]] = mapped_column(JSON)
    purpose: Mapped[str] = mapped_column(String(500))
    consent_days: Mapped[int]
    message: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[dt.datetime]
    redeemed_at: Mapped[dt.datetime | None]
    redeemed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    clinic: Mapped[Clinic] = relationship(lazy="joined", innerjoin=True)


class WebhookEvent(enum.StrEnum):
    CHECKIN_RISK = "checkin.risk"
    SESSION_ATTENDED = "session.attended"
    PLAN_UPDATED = "plan.updated"
    CONSENT_REVOKED = "consent.revoked"


WEBHOOK_EVENTS = tuple(event.value for event in WebhookEvent)


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # every attempt failed


class WebhookSubscription(Base):
    __tablename__ = "webhook_subscriptions"
    __table_args__ = (Index("ix_webhook_subscriptions_clinic_created", "clinic_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[list[str]] = mapped_column(JSON)
    # The signing secret must be readable to sign with; it is shown to the clinic once.
    secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[dt.datetime | None]


class WebhookDelivery(Base):
    """One event sent (or being sent) to one subscription, with every attempt's outcome."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint(f"status IN {enum_values(DeliveryStatus)!r}", name="status_known"),
        Index("ix_webhook_deliveries_subscription_created", "subscription_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    # Whose event this was: the payload names them only by the clinic's pseudonymous id, but the
    # row goes with the member's export and erasure.
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(300))
    next_attempt_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
