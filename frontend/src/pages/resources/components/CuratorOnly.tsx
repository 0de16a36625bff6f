import type { ReactNode } from "react";
import { Link } from "react-router";
import { QueryError } from "../../../components/QueryError";
import { useMyProfile } from "../../account/queries";
import { isCurator } from "../queries";

/** Curator screens for coaches and admins; anyone else gets a kind explanation (the API refuses them too). */
export function CuratorOnly({ children, what }: { children: ReactNode; what: string }) {
  const me = useMyProfile();
  if (me.isPending) return <p>Loading…</p>;
  if (me.isError) return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  if (!isCurator(me.data.profile.role)) {
    return (
      <div className="card">
        <p>Peerway coaches and the Peerway team {what}, so every entry has someone who checks it.</p>
        <p>
          Know a service that should be listed? Tell your coach. Meanwhile, <Link to="/resources">search the directory</Link>.
        </p>
      </div>
    );
  }
  return children;
}
