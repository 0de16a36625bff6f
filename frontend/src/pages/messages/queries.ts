/** Messages between a member and their coach. */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { unwrap } from "../../lib/problems";

export type CoachMessage = components["schemas"]["CoachMessage"];
export type CoachMessageCreate = components["schemas"]["CoachMessageCreate"];
export type SentMessage = components["schemas"]["SentCoachMessage"];

export const MESSAGE_PAGE = 30;
export const messageKeys = {
  list: (relationshipId: string) => ["coaching", "messages", relationshipId] as const,
};

/** Newest page first; further pages are older messages. */
export function useMessages(relationshipId: string) {
  return useInfiniteQuery({
    queryKey: messageKeys.list(relationshipId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-relationships/{relationship_id}/messages", {
            params: {
              path: { relationship_id: relationshipId },
              query: { limit: MESSAGE_PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
            },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/** Oldest first, for a chat view read top to bottom. */
export function chronological(pages: readonly { items: readonly CoachMessage[] }[] | undefined): CoachMessage[] {
  return (pages ?? []).flatMap((page) => page.items).slice().reverse();
}

export function useSendMessage(relationshipId: string) {
  const queryClient = useQueryClient();
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  return useMutation({
    mutationFn: async (body: CoachMessageCreate) =>
      (
        await unwrap(
          api.POST("/api/v1/coaching-relationships/{relationship_id}/messages", {
            params: { path: { relationship_id: relationshipId }, header: { "Idempotency-Key": idempotencyKey.current } },
            body,
          }),
        )
      ).data,
    onSettled: () => {
      idempotencyKey.current = crypto.randomUUID();
      return queryClient.invalidateQueries({ queryKey: messageKeys.list(relationshipId) });
    },
  });
}

/** Tell the other party I have read their messages up to the newest one shown. */
export function useMarkRead(relationshipId: string) {
  return useMutation({
    mutationFn: async (upTo: string) =>
      unwrap(
        api.POST("/api/v1/coaching-relationships/{relationship_id}/messages/read", {
          params: { path: { relationship_id: relationshipId } },
          body: { up_to: upTo },
        }),
      ),
  });
}
