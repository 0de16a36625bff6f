import { useInfiniteQuery, useQuery, type QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { components, paths } from "../../api/schema";
import { unwrap } from "../../lib/problems";
import { useMyProfile } from "../account/queries";
import { facilitatesGroup, groupKeys } from "../groups/queries";

export type Report = components["schemas"]["Report"];
export type ReportCreate = components["schemas"]["ReportCreate"];
export type ReportCategory = ReportCreate["category"];
export type ReportStatus = Report["status"];
export type ReportDecision = components["schemas"]["ReportDecision"];
export type ReportAction = ReportDecision["action"];
export type ModerationAction = components["schemas"]["ModerationAction"];
export type AppealStatus = NonNullable<ModerationAction["appeal_status"]>;
export type AppealDecision = components["schemas"]["AppealDecision"];
export type AuditEntry = components["schemas"]["AuditEntry"];
export type AuditQuery = NonNullable<paths["/api/v1/audit-log"]["get"]["parameters"]["query"]>;
export type AccessLogEntry = components["schemas"]["AccessLogEntry"];
export type NotificationPrefs = components["schemas"]["NotificationPrefs"];

export const PAGE_SIZE = 20;

export const safetyKeys = {
  reports: ["reports"] as const,
  reportList: (status: ReportStatus) => ["reports", status] as const,
  appeals: ["moderation-actions"] as const,
  appealList: (status: AppealStatus) => ["moderation-actions", status] as const,
  audit: (query: AuditFilters) => ["audit-log", query] as const,
  myNotices: ["members", "me", "moderation"] as const,
  accessLog: ["members", "me", "access-log"] as const,
  facilitating: [...groupKeys.all, "facilitating"] as const,
};

/** The audit-log filters the page offers (all optional). */
export type AuditFilters = Pick<AuditQuery, "action" | "actor_id" | "target_type" | "target_id">;

function cursor(pageParam: string | null) {
  return { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) };
}

/** The moderation queue: reports about my groups (facilitators) or all (admins), newest first. */
export function useReports(status: ReportStatus) {
  return useInfiniteQuery({
    queryKey: safetyKeys.reportList(status),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (await unwrap(api.GET("/api/v1/reports", { params: { query: { status, ...cursor(pageParam) } }, signal }))).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/** Appealed actions (admins only). */
export function useAppeals(status: AppealStatus, enabled = true) {
  return useInfiniteQuery({
    queryKey: safetyKeys.appealList(status),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/moderation-actions", { params: { query: { appeal_status: status, ...cursor(pageParam) } }, signal }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

/** The audit log with its filters (admins only; read-only). */
export function useAuditLog(filters: AuditFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: safetyKeys.audit(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (await unwrap(api.GET("/api/v1/audit-log", { params: { query: { ...filters, ...cursor(pageParam) } }, signal }))).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

/** Actions moderators took about me. */
export function useMyNotices(enabled = true) {
  return useInfiniteQuery({
    queryKey: safetyKeys.myNotices,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (await unwrap(api.GET("/api/v1/members/me/moderation", { params: { query: cursor(pageParam) }, signal }))).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

/** Who read my private data. */
export function useAccessLog() {
  return useInfiniteQuery({
    queryKey: safetyKeys.accessLog,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (await unwrap(api.GET("/api/v1/members/me/access-log", { params: { query: cursor(pageParam) }, signal }))).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/** After a decision on a report or an appeal: every queue tab, and the notices, may change. */
export function invalidateModeration(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: safetyKeys.reports }),
    queryClient.invalidateQueries({ queryKey: safetyKeys.appeals }),
    queryClient.invalidateQueries({ queryKey: safetyKeys.myNotices }),
    queryClient.invalidateQueries({ queryKey: groupKeys.all }),
  ]);
}

export function useIsAdmin(): boolean {
  return useMyProfile().data?.profile.role === "admin";
}

/**
 * Whether to offer the moderation queue. Admins and facilitators (by role) always; anyone else
 * only if they facilitate one of their groups (a co-facilitator keeps the role "member"), which
 * costs one read of their groups, cached for five minutes.
 */
export function useCanModerate(enabled: boolean): boolean {
  const me = useMyProfile(enabled);
  const role = enabled ? me.data?.profile.role : undefined;
  const byRole = role === "admin" || role === "facilitator";
  const groups = useQuery({
    queryKey: safetyKeys.facilitating,
    queryFn: async ({ signal }) => {
      const { data } = await unwrap(api.GET("/api/v1/groups", { params: { query: { mine: true, limit: 100 } }, signal }));
      return data.items.some((group) => facilitatesGroup(group));
    },
    enabled: role !== undefined && !byRole,
    staleTime: 5 * 60_000,
  });
  return byRole || groups.data === true;
}
