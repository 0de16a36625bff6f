import { useSyncExternalStore } from "react";
import { tokenStore } from "../api/client";

/** True while this device holds tokens; re-renders on sign-in, sign-out and other tabs' changes. */
export function useSignedIn(): boolean {
  return useSyncExternalStore(
    tokenStore.subscribe,
    () => tokenStore.get() !== null,
    () => false,
  );
}
