"""A member's in-app notifications."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from sqlalchemy import select

from api import privacy
from api.db import Session
from api.errors import documents_errors
from api.models.notifications import Notification
from api.pagination import page_schema, paginate_newest_first
from api.permissions import current_member
from api.schemas.notifications import NotificationQuerySchema, NotificationSchema, UnreadCountSchema
from api.services import notifications as notification_service

blp = Blueprint(
    "notifications",
    __name__,
    url_prefix="/api/v1/members/me/notifications",
    description="In-app notifications",
)
NotificationPageSchema = page_schema(NotificationSchema, "NotificationPage")


@blp.route("")
class MyNotifications(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listMyNotifications")
    @blp.arguments(NotificationQuerySchema, location="query")
    @blp.response(200, NotificationPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """My notifications, newest first"""
        stmt = select(Notification).where(Notification.member_id == current_member().id)
        if query.get("unread"):
            stmt = stmt.where(Notification.read_at.is_(None))
        return paginate_newest_first(stmt, Notification, query)


@blp.route("/unread-count")
class UnreadCount(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="countUnreadNotifications")
    @blp.response(200, UnreadCountSchema)
    @documents_errors(blp, 401)
    def get(self):
        """How many notifications I have not read (for a badge)"""
        return notification_service.unread_count(current_member())


@blp.route("/read-all")
class ReadAllNotifications(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="markAllNotificationsRead")
    @blp.response(200, UnreadCountSchema)
    @documents_errors(blp, 401)
    def post(self):
        """Mark all my notifications as read (answers the new unread count, 0)"""
        count = notification_service.mark_all_read(current_member())
        Session.commit()
        return count


@blp.route("/<uuid:notification_id>/read")
class ReadNotification(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="markNotificationRead")
    @blp.response(200, NotificationSchema)
    @documents_errors(blp, 404)
    def post(self, notification_id: uuid.UUID):
        """Mark one notification as read"""
        notification = notification_service.mark_read(current_member(), notification_id)
        Session.commit()
        return notification


def _export_notifications(member) -> list[dict]:
    notifications = Session.scalars(
        select(Notification).where(Notification.member_id == member.id).order_by(Notification.created_at)
    )
    return NotificationSchema(many=True).dump(notifications)


privacy.register(privacy.PersonalData("notifications", ("notifications",), _export_notifications))
