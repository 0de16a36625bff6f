import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { isLeavingOnPurpose, useSignedIn } from "../lib/session";

/** Pages that need sign-in send visitors to /sign-in, which brings them back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const signedIn = useSignedIn();
  const location = useLocation();
  if (!signedIn) {
    if (isLeavingOnPurpose()) return null;
    const from = location.pathname + location.search + location.hash;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  return children;
}
