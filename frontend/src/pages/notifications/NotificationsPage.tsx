import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { FormAlert } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/dates";
import { describeError, unwrap } from "../../lib/problems";
import { useViewerTimeZone } from "../account/queries";
import "../../styles/conversations.css";
import { notificationsKey, safeAppLink, urgentFirst, useMarkAllRead, useNotifications, type Notification } from "./queries";

export function NotificationsPage() {
  usePageTitle("Notifications");
  const queryClient = useQueryClient();
  const notifications = useNotifications();
  const timeZone = useViewerTimeZone();
  const items = urgentFirst(notifications.data?.pages.flatMap((page) => page.items) ?? []);
  const markAll = useMarkAllRead();
  const anyUnread = items.some((notification) => notification.read_at === null);

  const markRead = useMutation({
    mutationFn: async (notification: Notification) =>
      unwrap(
        api.POST("/api/v1/members/me/notifications/{notification_id}/read", {
          params: { path: { notification_id: notification.id } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });

  return (
    <article className="page page--medium">
      <h1>Notifications</h1>
      {anyUnread ? (
        <p className="actions">
          <button type="button" className="button button--quiet button--small" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
            {markAll.isPending ? "Marking…" : "Mark all as read"}
          </button>
        </p>
      ) : null}
      <FormAlert message={markRead.error ? describeError(markRead.error) : markAll.error ? describeError(markAll.error) : null} />
      {notifications.isPending ? <p>Loading…</p> : null}
      {notifications.isError ? <QueryError error={notifications.error} onRetry={() => void notifications.refetch()} /> : null}
      {notifications.isSuccess && items.length === 0 ? (
        <div className="card">
          <p>Nothing new. We'll let you know here about your bookings and groups.</p>
        </div>
      ) : null}
      <ul className="notifications">
        {items.map((notification) => {
          const unread = notification.read_at === null;
          const link = safeAppLink(notification.link);
          return (
            <li
              key={notification.id}
              className={`card notification${unread ? " notification--unread" : ""}${notification.urgent ? " notification--urgent" : ""}`}
            >
              <p className="notification__title">
                {notification.urgent ? <span className="badge badge--urgent">Urgent</span> : null}
                {unread ? <span className="badge">New</span> : null}
                {link ? (
                  <Link to={link} onClick={() => unread && markRead.mutate(notification)}>
                    {notification.title}
                  </Link>
                ) : (
                  notification.title
                )}
              </p>
              <p className="notification__body">{notification.body}</p>
              <p className="notification__meta">
                <span>{formatDateTime(notification.created_at, timeZone)}</span>
                {unread ? (
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={markRead.isPending && markRead.variables?.id === notification.id}
                    onClick={() => markRead.mutate(notification)}
                  >
                    Mark as read<span className="visually-hidden">: {notification.title}</span>
                  </button>
                ) : null}
              </p>
            </li>
          );
        })}
      </ul>
      <LoadMore hasMore={notifications.hasNextPage} loading={notifications.isFetchingNextPage} onLoad={() => void notifications.fetchNextPage()} />
    </article>
  );
}
