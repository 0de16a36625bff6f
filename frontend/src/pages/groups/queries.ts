import { useInfiniteQuery, useQuery, type QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import type { GroupListQuery } from "../../lib/filters";
import { present } from "../../lib/present";
import { unwrap } from "../../lib/problems";

export type Group = components["schemas"]["Group"];
export type GroupDetail = components["schemas"]["GroupDetail"];
export type GroupWrite = components["schemas"]["GroupWrite"];
export type GroupUpdate = components["schemas"]["GroupUpdate"];
export type Guidelines = components["schemas"]["Guidelines"];
export type ViewerMembership = components["schemas"]["ViewerMembership"];
export type Membership = components["schemas"]["Membership"];
export type MembershipAction = components["schemas"]["MembershipAction"]["action"];
export type PublicProfile = components["schemas"]["PublicProfile"];

export const PAGE_SIZE = 20;

export const groupKeys = {
  all: ["groups"] as const,
  list: (query: GroupListQuery) => ["groups", "list", query] as const,
  detail: (groupId: string) => ["groups", groupId] as const,
  guidelines: (groupId: string) => ["groups", groupId, "guidelines"] as const,
  sessions: (groupId: string) => ["groups", groupId, "sessions"] as const,
  members: (groupId: string, status: "active" | "pending") => ["groups", groupId, "members", status] as const,
};

export interface GroupWithVersion {
  group: GroupDetail;
  /** Sent back as If-Match, so an edit made from a stale page is refused instead of lost. */
  etag: string | null;
}

/** The viewer's membership of a group, or null when there is none. */
export function myMembership(group: Pick<Group, "my_membership"> | undefined): ViewerMembership | null {
  return present(group?.my_membership, "status");
}

export function isActiveMember(group: Pick<Group, "my_membership"> | undefined): boolean {
  return myMembership(group)?.status === "active";
}

/** True for the group's own facilitators (who may edit it and schedule sessions). */
export function facilitatesGroup(group: Pick<Group, "my_membership"> | undefined): boolean {
  const membership = myMembership(group);
  return membership?.status === "active" && membership.role === "facilitator";
}

/** An active member whose accepted guidelines are older than the current version. */
export function needsToAcceptGuidelines(group: Pick<Group, "my_membership" | "guidelines_version"> | undefined): boolean {
  const membership = myMembership(group);
  return (
    membership?.status === "active" &&
    group !== undefined &&
    (membership.accepted_guidelines_version ?? 0) < group.guidelines_version
  );
}

export function useGroups(query: GroupListQuery) {
  return useInfiniteQuery({
    queryKey: groupKeys.list(query),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/groups", {
            params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function useGroup(groupId: string) {
  return useQuery({
    queryKey: groupKeys.detail(groupId),
    queryFn: async ({ signal }): Promise<GroupWithVersion> => {
      const { data, response } = await unwrap(
        api.GET("/api/v1/groups/{group_id}", { params: { path: { group_id: groupId } }, signal }),
      );
      return { group: data, etag: response.headers.get("ETag") };
    },
  });
}

export function useGuidelines(groupId: string, enabled = true) {
  return useQuery({
    queryKey: groupKeys.guidelines(groupId),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET("/api/v1/groups/{group_id}/guidelines", { params: { path: { group_id: groupId } }, signal })))
        .data,
    enabled,
  });
}

/** The group's sessions from now on, soonest first (cancelled ones included, marked). */
export function useGroupSessions(groupId: string) {
  return useInfiniteQuery({
    queryKey: groupKeys.sessions(groupId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/groups/{group_id}/sessions", {
            params: {
              path: { group_id: groupId },
              query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
            },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function useGroupMembers(groupId: string, status: "active" | "pending", enabled = true) {
  return useInfiniteQuery({
    queryKey: groupKeys.members(groupId, status),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/groups/{group_id}/members", {
            params: {
              path: { group_id: groupId },
              query: { status, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
            },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

/**
 * After joining, leaving, accepting guidelines or a facilitator's decision: lists, the group,
 * its sessions (addresses and booking rights change) and "my sessions" may all be different.
 */
export function invalidateMembership(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: groupKeys.all }),
    queryClient.invalidateQueries({ queryKey: ["sessions"] }),
    queryClient.invalidateQueries({ queryKey: ["members", "me", "sessions"] }),
  ]);
}

/** Public role badges as words. */
export function badgeLabel(badge: string): string {
  const known: Record<string, string> = {
    trained_facilitator: "Trained facilitator",
    facilitator: "Facilitator",
    coach: "Peer coach",
    admin: "Peerway team",
  };
  return known[badge] ?? badge.replaceAll("_", " ").replace(/^\w/, (letter) => letter.toUpperCase());
}

export const JOIN_POLICY_LABELS: Record<Group["join_policy"], string> = {
  open: "Open: anyone can join",
  approval: "A facilitator approves each request",
  invite: "By invitation only",
};
