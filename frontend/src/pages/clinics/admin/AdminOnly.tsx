import type { ReactNode } from "react";
import { Link } from "react-router";
import { QueryError } from "../../../components/QueryError";
import { useMyProfile } from "../../account/queries";

/** Partner-clinic management is for admins; anyone else is told so plainly (the API refuses them too). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const me = useMyProfile();
  if (me.isPending) return <p>Loading…</p>;
  if (me.isError) return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data.profile.role !== "admin") {
    return (
      <div className="card">
        <h2>For Peerway admins only</h2>
        <p>Partner clinics and their connections are managed by Peerway admins. Your account can't open this page.</p>
        <p>
          To see or change what you share with a clinic, go to <Link to="/account/clinics">Sharing with clinics</Link>.
        </p>
      </div>
    );
  }
  return children;
}

/** True once the profile says admin: admin-only queries wait for it. */
export function useIsAdmin(): boolean {
  return useMyProfile().data?.profile.role === "admin";
}
