import { Link } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/dates";
import { present } from "../../lib/present";
import type { PublicProfile } from "../groups/queries";
import { useViewerTimeZone } from "../account/queries";
import { describeAccess, VIEWER_ROLE_LABELS } from "./labels";
import { useAccessLog, type AccessLogEntry } from "./queries";
import "./safety.css";

/** "Who has seen your private information": every read of my private data by someone else. */
export function AccessLogPage() {
  usePageTitle("Who has seen your private information");
  const log = useAccessLog();
  const timeZone = useViewerTimeZone();
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <article className="page page--medium access-log">
      <h1>Who has seen your private information</h1>
      <p className="lead">
        Each time someone else opens your coaching plan, check-ins or progress, it is written down here: who, what and when.
        Only you can see this list.
      </p>
      <p>
        Partner clinics read only what you agreed to share with them. <Link to="/account/clinics">See or stop sharing with clinics</Link>.
      </p>
      {log.isPending ? <p>Loading…</p> : null}
      {log.isError ? <QueryError error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.isSuccess && items.length === 0 ? (
        <div className="card">
          <h2>No one else has looked</h2>
          <p>
            Your coaching plan, check-ins and progress are private: only you see them, unless you have a coach. If you work with
            a coach, each time they open them it will show here.
          </p>
          <p>
            <Link to="/coaching">Your coaching</Link>
          </p>
        </div>
      ) : null}
      {items.length ? (
        <ul className="access-entries" aria-label="Who saw what, newest first">
          {items.map((entry) => (
            <AccessRow key={entry.id} entry={entry} timeZone={timeZone} />
          ))}
        </ul>
      ) : null}
      <LoadMore hasMore={log.hasNextPage} loading={log.isFetchingNextPage} onLoad={() => void log.fetchNextPage()} label="Show earlier" />
    </article>
  );
}

type AccessClinic = { id: string; name: string };

/** What a clinic did, in words. Its list of members who share with it shows each one's terms (and profile, if shared). */
function describeClinicAccess(what: string): string {
  const path = what.replace(/^[A-Z]+\s+/, "").split("?")[0] ?? "";
  if (/\/clinic\/members\/?$/.test(path)) return "Saw you in their list of members who share with them";
  return `Read ${describeAccess(what)}`;
}

function AccessRow({ entry, timeZone }: { entry: AccessLogEntry; timeZone: string }) {
  const viewer = present<PublicProfile, "display_name">(entry.viewer, "display_name");
  const role = VIEWER_ROLE_LABELS[entry.viewer_role] ?? entry.viewer_role;
  const clinic = present<AccessClinic, "name">(entry.clinic, "name");
  if (entry.viewer_role === "clinic") {
    return (
      <li className="card access-entry">
        <p className="access-entry__who">
          <strong>{clinic ? clinic.name : "A partner clinic"}</strong> <span className="muted">(partner clinic)</span>
        </p>
        <p className="access-entry__what">
          {describeClinicAccess(entry.what)}
          <span className="muted"> · {formatDateTime(entry.created_at, timeZone)}</span>
        </p>
      </li>
    );
  }
  return (
    <li className="card access-entry">
      <p className="access-entry__who">
        <strong>{viewer ? viewer.display_name : "Someone who has left Peerway"}</strong>
        <span className="muted"> · {role}</span>
      </p>
      <p className="access-entry__what">
        Saw {describeAccess(entry.what)}
        <span className="muted"> · {formatDateTime(entry.created_at, timeZone)}</span>
      </p>
    </li>
  );
}
