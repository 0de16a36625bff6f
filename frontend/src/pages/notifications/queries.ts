import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { useLiveEvents } from "../../lib/liveEvents";
import { unwrap } from "../../lib/problems";

export type Notification = components["schemas"]["Notification"];

export const notificationsKey = ["members", "me", "notifications"] as const;
export const unreadKey = ["members", "me", "notifications", "unread"] as const;
/** The indicator counts up to this many; beyond it shows "99+". */
const UNREAD_PAGE = 99;

export function useNotifications() {
  return useInfiniteQuery({
    queryKey: notificationsKey,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/members/me/notifications", {
            params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/**
 * Unread count for the header. The API has no count, so one page of unread notifications is
 * read and counted ("99+" when there are more). Refreshed every minute while the tab is open.
 */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: unreadKey,
    queryFn: async ({ signal }) => {
      const { data } = await unwrap(
        api.GET("/api/v1/members/me/notifications", { params: { query: { unread: true, limit: UNREAD_PAGE } }, signal }),
      );
      return { count: data.items.length, more: data.next_cursor !== null };
    },
    enabled,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 15_000,
  });
}

/** Only links inside the app ("/sessions/…"), never elsewhere. */
export function safeAppLink(link: string | null | undefined): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") ? link : null;
}

/**
 * Keep the header's count (and the list, when open) in step with the member's live channel: a
 * `notification.created` event refetches both. Mounted once, by the header, while signed in.
 */
export function useLiveNotifications(): void {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationsKey });
  useLiveEvents([], (event) => {
    if (event.type === "notification.created") refresh();
  }, refresh);
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await unwrap(api.POST("/api/v1/members/me/notifications/read-all"))).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

/** Unread safety alerts first (kept in their order), then everything else as it came. */
export function urgentFirst(items: readonly Notification[]): Notification[] {
  const first = (notification: Notification) => notification.urgent && notification.read_at === null;
  return [...items.filter(first), ...items.filter((notification) => !first(notification))];
}
