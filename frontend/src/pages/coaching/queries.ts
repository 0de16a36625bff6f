import { useInfiniteQuery, useQuery, type QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { present } from "../../lib/present";
import { unwrap } from "../../lib/problems";

export type PublicProfile = components["schemas"]["PublicProfile"];
export type Relationship = components["schemas"]["Relationship"];
export type Plan = components["schemas"]["Plan"];
export type PlanStatus = Plan["status"];
export type Goal = components["schemas"]["Goal"];
export type GoalStatus = Goal["status"];
export type Step = components["schemas"]["Step"];
export type Note = components["schemas"]["Note"];
export type CheckIn = components["schemas"]["CheckIn"];
export type CheckInCreate = components["schemas"]["CheckInCreate"];
export type CheckInResult = components["schemas"]["CheckInResult"];
export type Scores = components["schemas"]["Scores"];
export type Score = components["schemas"]["Score"];
export type Progress = components["schemas"]["Progress"];
export type WeekPoint = components["schemas"]["WeekPoint"];
export type Trend = components["schemas"]["Trend"];
export type CrisisResources = components["schemas"]["CrisisResources"];

/** Lists here are short (a member's goals, a coach's members): one big page, more on request. */
export const LIST_LIMIT = 100;
export const CHECK_IN_PAGE = 10;

export const coachingKeys = {
  all: ["coaching"] as const,
  coaches: () => ["coaching", "coaches"] as const,
  relationships: (asCoach: boolean) => ["coaching", "relationships", asCoach ? "as-coach" : "mine"] as const,
  plans: (memberId?: string) => ["coaching", "plans", memberId ?? "all"] as const,
  plan: (planId: string) => ["coaching", "plan", planId] as const,
  goals: (planId: string) => ["coaching", "plan", planId, "goals"] as const,
  steps: (planId: string, goalId: string) => ["coaching", "plan", planId, "goals", goalId, "steps"] as const,
  checkIns: (planId: string) => ["coaching", "plan", planId, "check-ins"] as const,
  progress: (planId: string, weeks: number) => ["coaching", "plan", planId, "progress", weeks] as const,
  notes: (planId: string) => ["coaching", "plan", planId, "notes"] as const,
};

export interface PlanWithVersion {
  plan: Plan;
  /** Sent back as If-Match, so an edit made on a stale page is refused instead of lost. */
  etag: string | null;
}

/** A nullable nested profile ("updated by", "coach"), which the spec types as `Profile | {} | null`. */
export function profileOf(value: PublicProfile | Record<string, never> | null | undefined): PublicProfile | null {
  return present(value, "id");
}

/** How a coach who closed their account is named: the relationship has ended and its history stays. */
export const FORMER_COACH = "Your former coach (account closed)";

/** The relationship's coach, or null once they closed their account. */
export function coachOf(relationship: Pick<Relationship, "coach">): PublicProfile | null {
  return profileOf(relationship.coach);
}

/** The coach's name for a sentence, with a plain phrase for a coach who left. */
export function coachName(relationship: Pick<Relationship, "coach">): string {
  return coachOf(relationship)?.display_name ?? "your former coach";
}

/** A nullable score ({total, band}), typed `Score | {} | null` by the spec. */
export function scoreOf(value: Score | Record<string, never> | null | undefined): Score | null {
  return present(value, "total");
}

/** The crisis resources of a check-in that signalled risk, else null. */
export function crisisOf(result: Pick<CheckInResult, "crisis_resources">): CrisisResources | null {
  return present(result.crisis_resources, "lines");
}

/** A step is done when it has a done date (`done` is write-only in the API). */
export function isDone(step: Pick<Step, "done_at">): boolean {
  return Boolean(step.done_at);
}

export function useCoaches(enabled = true) {
  return useQuery({
    queryKey: coachingKeys.coaches(),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET("/api/v1/coaches", { params: { query: { limit: LIST_LIMIT } }, signal }))).data,
    enabled,
  });
}

/** Relationships where I am the member or the coach; `asCoach` keeps only those where I coach. */
export function useRelationships(asCoach: boolean, enabled = true) {
  return useQuery({
    queryKey: coachingKeys.relationships(asCoach),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-relationships", {
            params: { query: { limit: LIST_LIMIT, ...(asCoach ? { as_coach: true } : {}) } },
            signal,
          }),
        )
      ).data,
    enabled,
  });
}

/** My plans and, for coaches, the plans of members I coach (newest first). */
export function usePlans(memberId?: string, enabled = true) {
  return useQuery({
    queryKey: coachingKeys.plans(memberId),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-plans", {
            params: { query: { limit: LIST_LIMIT, ...(memberId ? { member_id: memberId } : {}) } },
            signal,
          }),
        )
      ).data,
    enabled,
  });
}

export function usePlan(planId: string) {
  return useQuery({
    queryKey: coachingKeys.plan(planId),
    queryFn: async ({ signal }): Promise<PlanWithVersion> => {
      const { data, response } = await unwrap(
        api.GET("/api/v1/coaching-plans/{plan_id}", { params: { path: { plan_id: planId } }, signal }),
      );
      return { plan: data, etag: response.headers.get("ETag") };
    },
  });
}

export function useGoals(planId: string) {
  return useQuery({
    queryKey: coachingKeys.goals(planId),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-plans/{plan_id}/goals", {
            params: { path: { plan_id: planId }, query: { limit: LIST_LIMIT } },
            signal,
          }),
        )
      ).data,
  });
}

export function useSteps(planId: string, goalId: string) {
  return useQuery({
    queryKey: coachingKeys.steps(planId, goalId),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-plans/{plan_id}/goals/{goal_id}/steps", {
            params: { path: { plan_id: planId, goal_id: goalId }, query: { limit: LIST_LIMIT } },
            signal,
          }),
        )
      ).data,
  });
}

export function useCheckIns(planId: string) {
  return useInfiniteQuery({
    queryKey: coachingKeys.checkIns(planId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-plans/{plan_id}/check-ins", {
            params: {
              path: { plan_id: planId },
              query: { limit: CHECK_IN_PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
            },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function useNotes(planId: string) {
  return useInfiniteQuery({
    queryKey: coachingKeys.notes(planId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-plans/{plan_id}/notes", {
            params: {
              path: { plan_id: planId },
              query: { limit: CHECK_IN_PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
            },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function useProgress(planId: string, weeks: number) {
  return useQuery({
    queryKey: coachingKeys.progress(planId, weeks),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/coaching-plans/{plan_id}/progress", {
            params: { path: { plan_id: planId }, query: { weeks } },
            signal,
          }),
        )
      ).data,
  });
}

/** After a relationship changes: both sides' lists, and the plans a coach may now see. */
export function invalidateRelationships(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ["coaching", "relationships"] }),
    queryClient.invalidateQueries({ queryKey: ["coaching", "plans"] }),
  ]);
}

/** After a goal or step changes: the plan's goals, their steps and its progress. */
export function invalidateGoals(queryClient: QueryClient, planId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: coachingKeys.goals(planId) }),
    queryClient.invalidateQueries({ queryKey: ["coaching", "plan", planId, "progress"] }),
  ]);
}
