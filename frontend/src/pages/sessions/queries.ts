import { useInfiniteQuery, useQuery, type QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import type { SessionListQuery } from "../../lib/filters";
import { present } from "../../lib/present";
import { unwrap } from "../../lib/problems";

export type Session = components["schemas"]["Session"];
export type SessionCreate = components["schemas"]["SessionCreate"];
export type SessionUpdate = components["schemas"]["SessionUpdate"];
export type MyRsvp = components["schemas"]["MyRsvp"];
export type Rsvp = components["schemas"]["Rsvp"];
export type Attendee = components["schemas"]["Attendee"];

export const PAGE_SIZE = 20;

export const sessionKeys = {
  all: ["sessions"] as const,
  list: (query: SessionListQuery) => ["sessions", "list", query] as const,
  detail: (sessionId: string) => ["sessions", sessionId] as const,
  attendees: (sessionId: string) => ["sessions", sessionId, "attendees"] as const,
};
export const mySessionsKey = (when: "upcoming" | "past") => ["members", "me", "sessions", when] as const;

export interface SessionWithVersion {
  session: Session;
  etag: string | null;
}

export function myRsvp(session: Pick<Session, "my_rsvp"> | undefined): MyRsvp | null {
  return present(session?.my_rsvp, "status");
}

/** True while the member may check themselves in. */
export function checkInOpen(
  session: Pick<Session, "check_in_opens_at" | "ends_at" | "status">,
  now = Date.now(),
): boolean {
  if (session.status !== "scheduled") return false;
  return now >= Date.parse(session.check_in_opens_at) && now <= Date.parse(session.ends_at);
}

export function hasEnded(session: Pick<Session, "ends_at">, now = Date.now()): boolean {
  return Date.parse(session.ends_at) < now;
}

export type Scope = "occurrence" | "series";

/**
 * `?scope=series` for PATCH and DELETE /sessions/{id}. The API reads it, but the spec does not
 * declare the parameter yet (so the typed `params.query` cannot carry it): it is added here,
 * in one place, until the spec documents it.
 */
export function scopeSerializer(scope: Scope): () => string {
  return () => (scope === "series" ? "scope=series" : "");
}

export function useSessions(query: SessionListQuery) {
  return useInfiniteQuery({
    queryKey: sessionKeys.list(query),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/sessions", {
            params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function useSession(sessionId: string) {
  return useQuery({
    queryKey: sessionKeys.detail(sessionId),
    queryFn: async ({ signal }): Promise<SessionWithVersion> => {
      const { data, response } = await unwrap(
        api.GET("/api/v1/sessions/{session_id}", { params: { path: { session_id: sessionId } }, signal }),
      );
      return { session: data, etag: response.headers.get("ETag") };
    },
  });
}

export function useAttendees(sessionId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: sessionKeys.attendees(sessionId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/sessions/{session_id}/attendees", {
            params: {
              path: { session_id: sessionId },
              query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) },
            },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

export function useMySessions(when: "upcoming" | "past") {
  return useInfiniteQuery({
    queryKey: mySessionsKey(when),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/members/me/sessions", {
            params: { query: { when, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/** After booking, cancelling, editing or cancelling a session: every view of sessions may change. */
export function invalidateSessions(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: sessionKeys.all }),
    queryClient.invalidateQueries({ queryKey: ["groups"] }),
    queryClient.invalidateQueries({ queryKey: ["members", "me", "sessions"] }),
  ]);
}
