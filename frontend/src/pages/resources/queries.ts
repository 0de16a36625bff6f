/** Server state for the directory, bookmarks and referrals (TanStack Query over the typed client). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../lib/problems";
import { useMyProfile } from "../account/queries";
import type { ResourceListQuery } from "./filters";
import type { Resource } from "./labels";
import type { Referral, ReferralUpdate } from "./referrals";

export const PAGE_SIZE = 20;

export const resourceKeys = {
  all: ["resources"] as const,
  list: (query: ResourceListQuery) => ["resources", "list", query] as const,
  detail: (resourceId: string) => ["resources", "detail", resourceId] as const,
  bookmarks: ["resources", "bookmarks"] as const,
};

export const referralKeys = {
  all: ["referrals"] as const,
  list: (scope: { madeByMe: boolean; overdue: boolean }) => ["referrals", scope] as const,
};

export const coachedMembersKey = ["coaching-relationships", "as-coach", "active"] as const;

export interface ResourceWithVersion {
  resource: Resource;
  /** Sent back as If-Match, so an edit made from a stale page is refused instead of lost. */
  etag: string | null;
}

/** Coaches and admins curate the directory and make referrals. */
export function isCurator(role: string | undefined): boolean {
  return role === "coach" || role === "admin";
}

export function useIsCurator(): boolean {
  return isCurator(useMyProfile().data?.profile.role);
}

function cursorArgs(cursor: string | null) {
  return { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
}

export function useResources(query: ResourceListQuery) {
  return useInfiniteQuery({
    queryKey: resourceKeys.list(query),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (await unwrap(api.GET("/api/v1/resources", { params: { query: { ...query, ...cursorArgs(pageParam) } }, signal }))).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function useResource(resourceId: string) {
  return useQuery({
    queryKey: resourceKeys.detail(resourceId),
    queryFn: async ({ signal }): Promise<ResourceWithVersion> => {
      const { data, response } = await unwrap(
        api.GET("/api/v1/resources/{resource_id}", { params: { path: { resource_id: resourceId } }, signal }),
      );
      return { resource: data, etag: response.headers.get("ETag") };
    },
  });
}

export function useBookmarks() {
  return useInfiniteQuery({
    queryKey: resourceKeys.bookmarks,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (await unwrap(api.GET("/api/v1/members/me/bookmarks", { params: { query: cursorArgs(pageParam) }, signal }))).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function useReferrals(scope: { madeByMe: boolean; overdue: boolean }) {
  return useInfiniteQuery({
    queryKey: referralKeys.list(scope),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/referrals", {
            params: {
              query: {
                ...cursorArgs(pageParam),
                ...(scope.madeByMe ? { made_by_me: true } : {}),
                ...(scope.overdue ? { overdue: true } : {}),
              },
            },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/** The members this coach actively coaches: the only people they may refer. */
export function useCoachedMembers(enabled = true) {
  return useInfiniteQuery({
    queryKey: coachedMembersKey,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-relationships", {
            params: { query: { as_coach: true, status: "active", limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

/** Put a fresh copy of an entry in the cache (keeping the known ETag) and refresh the lists. */
export async function storeResource(queryClient: QueryClient, resource: Resource, etag?: string | null) {
  queryClient.setQueryData<ResourceWithVersion>(resourceKeys.detail(resource.id), (current) => ({
    resource,
    etag: etag === undefined ? (current?.etag ?? null) : etag,
  }));
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ["resources", "list"] }),
    queryClient.invalidateQueries({ queryKey: resourceKeys.bookmarks }),
  ]);
}

/** Save or unsave an entry; the page shows the answer straight away. */
export function useBookmarkToggle(resource: Resource) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (save: boolean): Promise<Resource> => {
      const path = { params: { path: { resource_id: resource.id } } };
      if (save) return (await unwrap(api.POST("/api/v1/members/me/bookmarks/{resource_id}", path))).data;
      await unwrap(api.DELETE("/api/v1/members/me/bookmarks/{resource_id}", path));
      return { ...resource, is_bookmarked: false };
    },
    onSuccess: (updated) => storeResource(queryClient, updated),
  });
}

/** The member (or the referrer) moves a referral on, or the referrer moves its follow-up date. */
export function useUpdateReferral(referral: Referral) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ReferralUpdate) =>
      (await unwrap(api.PATCH("/api/v1/referrals/{referral_id}", { params: { path: { referral_id: referral.id } }, body })))
        .data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: referralKeys.all }),
  });
}
