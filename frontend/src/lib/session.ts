import { useSyncExternalStore } from "react";
import { signOutLocally, tokenStore } from "../api/client";

/** True while this device holds tokens; re-renders on sign-in, sign-out and other tabs' changes. */
export function useSignedIn(): boolean {
  return useSyncExternalStore(
    tokenStore.subscribe,
    () => tokenStore.get() !== null,
    () => false,
  );
}

let leavingOnPurpose = false;

/** While the app itself moves a member on after signing out, guards must not redirect. */
export function isLeavingOnPurpose(): boolean {
  return leavingOnPurpose;
}

/**
 * Forget the tokens and go to `path` (e.g. "you've signed out", "account deleted"), instead of
 * letting the sign-in guard of the current page send the member to /sign-in first.
 */
export async function signOutAndGo(
  navigate: (to: string, options: { replace: boolean; state?: unknown }) => void | Promise<void>,
  path: string,
  state?: unknown,
): Promise<void> {
  leavingOnPurpose = true;
  try {
    signOutLocally();
    await navigate(path, { replace: true, state });
  } finally {
    leavingOnPurpose = false;
  }
}

/** Only same-site paths, so a crafted link cannot send a member elsewhere after sign-in or sign-up. */
export function safeReturnPath(from: unknown): string {
  return typeof from === "string" && from.startsWith("/") && !from.startsWith("//") ? from : "/";
}

/** Where sign-in and sign-up were asked to return to (RequireAuth and calls to action pass `from`). */
export interface ReturnState {
  from?: string;
}
