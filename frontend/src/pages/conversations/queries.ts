/** Group conversations: threads, posts, reactions, preferences and the facilitators' tools. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import type { LiveEvent } from "../../lib/liveEvents";
import { unwrap } from "../../lib/problems";

type Schemas = components["schemas"];
export type Thread = Schemas["Thread"];
export type ThreadCreate = Schemas["ThreadCreate"];
export type ThreadUpdate = Schemas["ThreadUpdate"];
export type Post = Schemas["Post"];
export type PostCreate = Schemas["PostCreate"];
export type PostUpdate = Schemas["PostUpdate"];
export type ConversationSettings = Schemas["ConversationSettings"];
export type ConversationSettingsUpdate = Schemas["ConversationSettingsUpdate"];
export type ContentPreferences = Schemas["ContentPreferences"];
export type ContentPreferencesUpdate = Schemas["ContentPreferencesUpdate"];
export type HeldPost = Schemas["HeldPost"];
export type ContentNote = NonNullable<PostCreate["content_notes"]>[number];
export type ReactionKind = Schemas["ReactionCount"]["kind"];

export const THREAD_PAGE = 20;
export const POST_PAGE = 30;

export const conversationKeys = {
  all: ["conversations"] as const,
  group: (groupId: string) => ["conversations", "group", groupId] as const,
  threads: (groupId: string) => ["conversations", "group", groupId, "threads"] as const,
  settings: (groupId: string) => ["conversations", "group", groupId, "settings"] as const,
  held: (groupId: string) => ["conversations", "group", groupId, "held"] as const,
  thread: (threadId: string) => ["conversations", "thread", threadId] as const,
  posts: (threadId: string) => ["conversations", "thread", threadId, "posts"] as const,
  preferences: ["members", "me", "content-preferences"] as const,
};

/** A group's threads, pinned first then most recently active; the first page carries the guidelines. */
export function useThreads(groupId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: conversationKeys.threads(groupId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/groups/{group_id}/threads", {
            params: { path: { group_id: groupId }, query: { limit: THREAD_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

export function useThread(threadId: string) {
  return useQuery({
    queryKey: conversationKeys.thread(threadId),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET("/api/v1/threads/{thread_id}", { params: { path: { thread_id: threadId } }, signal }))).data,
  });
}

/** A thread's replies, oldest first. */
export function usePosts(threadId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: conversationKeys.posts(threadId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/threads/{thread_id}/posts", {
            params: { path: { thread_id: threadId }, query: { limit: POST_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

/** One key per attempt: a retried POST after a lost answer is not posted twice. */
function useIdempotencyKey() {
  const key = useRef<string>(crypto.randomUUID());
  return {
    get: () => key.current,
    renew: () => {
      key.current = crypto.randomUUID();
    },
  };
}

export function useCreateThread(groupId: string) {
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  return useMutation({
    mutationFn: async (body: ThreadCreate) =>
      (
        await unwrap(
          api.POST("/api/v1/groups/{group_id}/threads", {
            params: { path: { group_id: groupId }, header: { "Idempotency-Key": idempotency.get() } },
            body,
          }),
        )
      ).data,
    onSettled: () => {
      idempotency.renew();
      return queryClient.invalidateQueries({ queryKey: conversationKeys.group(groupId) });
    },
  });
}

export function useCreateReply(threadId: string) {
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  return useMutation({
    mutationFn: async (body: PostCreate) =>
      (
        await unwrap(
          api.POST("/api/v1/threads/{thread_id}/posts", {
            params: { path: { thread_id: threadId }, header: { "Idempotency-Key": idempotency.get() } },
            body,
          }),
        )
      ).data,
    onSettled: () => {
      idempotency.renew();
      return invalidateThread(queryClient, threadId);
    },
  });
}

export function invalidateThread(queryClient: QueryClient, threadId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: conversationKeys.thread(threadId) }),
    queryClient.invalidateQueries({ queryKey: ["conversations", "group"] }),
  ]);
}

/** Edit my post within the window, or (facilitators) hide, restore, add notes. */
export function useUpdatePost(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ postId, changes }: { postId: string; changes: PostUpdate }) =>
      (await unwrap(api.PATCH("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } }, body: changes }))).data,
    onSettled: () => invalidateThread(queryClient, threadId),
  });
}

export function useDeletePost(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (postId: string) =>
      unwrap(api.DELETE("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } } })),
    onSettled: () => invalidateThread(queryClient, threadId),
  });
}

/** Pin, lock, slow mode (facilitators), or the author's title. */
export function useUpdateThread(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: ThreadUpdate) =>
      (await unwrap(api.PATCH("/api/v1/threads/{thread_id}", { params: { path: { thread_id: threadId } }, body: changes })))
        .data,
    onSettled: () => invalidateThread(queryClient, threadId),
  });
}

export function useReaction(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ postId, kind, on }: { postId: string; kind: ReactionKind; on: boolean }) => {
      const params = { params: { path: { post_id: postId, kind } } };
      return on
        ? unwrap(api.PUT("/api/v1/posts/{post_id}/reactions/{kind}", params))
        : unwrap(api.DELETE("/api/v1/posts/{post_id}/reactions/{kind}", params));
    },
    onSettled: () => invalidateThread(queryClient, threadId),
  });
}

export function useContentPreferences(enabled = true) {
  return useQuery({
    queryKey: conversationKeys.preferences,
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/members/me/content-preferences", { signal }))).data,
    enabled,
  });
}

export function useSaveContentPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ContentPreferencesUpdate) =>
      (await unwrap(api.PUT("/api/v1/members/me/content-preferences", { body }))).data,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: conversationKeys.preferences }),
        queryClient.invalidateQueries({ queryKey: conversationKeys.all }),
      ]),
  });
}

export function useConversationSettings(groupId: string, enabled = true) {
  return useQuery({
    queryKey: conversationKeys.settings(groupId),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/groups/{group_id}/conversation-settings", { params: { path: { group_id: groupId } }, signal }),
        )
      ).data,
    enabled,
  });
}

export function useSaveConversationSettings(groupId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ConversationSettingsUpdate) =>
      (
        await unwrap(
          api.PATCH("/api/v1/groups/{group_id}/conversation-settings", { params: { path: { group_id: groupId } }, body }),
        )
      ).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: conversationKeys.settings(groupId) }),
  });
}

export function useHeldPosts(groupId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: conversationKeys.held(groupId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/groups/{group_id}/held-posts", {
            params: { path: { group_id: groupId }, query: { limit: THREAD_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

export function useDecideHeldPost(groupId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ postId, approve, reason }: { postId: string; approve: boolean; reason?: string }) =>
      (
        await unwrap(
          api.POST("/api/v1/posts/{post_id}/approval", {
            params: { path: { post_id: postId } },
            body: { approve, ...(reason ? { reason } : {}) },
          }),
        )
      ).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: conversationKeys.group(groupId) }),
  });
}

/**
 * A live event on a group's channel: refetch what it touches. Returns the kind of news to
 * announce ("reply", "thread") or null for quiet changes (reactions, edits, hides).
 */
export function refetchForGroupEvent(
  queryClient: QueryClient,
  groupId: string,
  event: LiveEvent,
): "post" | "thread" | null {
  if (event.channel !== `group:${groupId}`) return null;
  const threadId = typeof event.data.thread_id === "string" ? event.data.thread_id : null;
  void queryClient.invalidateQueries({ queryKey: conversationKeys.group(groupId) });
  if (threadId) void queryClient.invalidateQueries({ queryKey: conversationKeys.thread(threadId) });
  if (event.type === "post.created") return "post";
  if (event.type === "thread.created") return "thread";
  return null;
}
