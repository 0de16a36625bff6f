import { useQuery } from "@tanstack/react-query";
import { api, tokenStore, tokensFrom } from "../../api/client";
import type { components } from "../../api/schema";
import { describeDevice } from "../../lib/device";
import { ApiError, unwrap } from "../../lib/problems";
import { useSignedIn } from "../../lib/session";
import { guessTimeZone } from "../../lib/timeZones";

export type MemberPrivate = components["schemas"]["MemberPrivate"];
export type MemberUpdate = components["schemas"]["MemberUpdate"];

export const profileKey = ["members", "me"] as const;
export const loginSessionsKey = ["members", "me", "login-sessions"] as const;

export interface ProfileWithVersion {
  profile: MemberPrivate;
  /** The ETag to send back as If-Match, so a stale edit is refused instead of lost. */
  etag: string | null;
}

export function useMyProfile(enabled = true) {
  // A signed-out visitor has no profile: asking would only earn a 401.
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: profileKey,
    queryFn: async ({ signal }): Promise<ProfileWithVersion> => {
      const { data, response } = await unwrap(api.GET("/api/v1/members/me", { signal }));
      return { profile: data, etag: response.headers.get("ETag") };
    },
    enabled: enabled && signedIn,
  });
}

/** Sign in with a password; returns the token pair without storing it. */
export async function requestTokens(email: string, password: string) {
  const { data } = await unwrap(
    api.POST("/api/v1/auth/login", {
      body: { email, password, client_label: describeDevice(navigator.userAgent) },
    }),
  );
  const tokens = tokensFrom(data);
  if (!tokens) throw new ApiError(500);
  return tokens;
}

/** Sign in and keep the tokens on this device. */
export async function signIn(email: string, password: string): Promise<void> {
  tokenStore.set(await requestTokens(email, password));
}

/** The zone to show times in: the member's saved one, else this browser's. */
export function useViewerTimeZone(): string {
  const me = useMyProfile();
  return me.data?.profile.time_zone || guessTimeZone();
}

/** True for members who may create groups (facilitators and admins). */
export function useCanCreateGroups(): boolean {
  const me = useMyProfile();
  const role = me.data?.profile.role;
  return role === "facilitator" || role === "admin";
}
