import { Link } from "react-router";
import { formatDateTime } from "../../lib/dates";
import { useViewerTimeZone } from "../account/queries";
import { authorName } from "./PostItem";
import type { Thread } from "./queries";

/** Threads, pinned first then the most recently active (the API's order). */
export function ThreadList({ threads, groupId }: { threads: readonly Thread[]; groupId: string }) {
  const timeZone = useViewerTimeZone();
  return (
    <ul className="thread-list">
      {threads.map((thread) => {
        const opening = thread.opening_post;
        return (
          <li key={thread.id} className={thread.is_pinned ? "thread-item thread-item--pinned" : "thread-item"}>
            <p className="thread-item__title">
              {thread.is_pinned ? <span className="badge">Pinned</span> : null}
              {thread.locked ? <span className="badge badge--muted">Locked</span> : null}
              <Link to={`/groups/${groupId}/threads/${thread.id}`}>{thread.title}</Link>
            </p>
            <p className="thread-item__meta muted">
              {opening ? `${authorName(opening)} · ` : ""}
              {thread.reply_count === 1 ? "1 reply" : `${thread.reply_count} replies`} · last activity{" "}
              {formatDateTime(thread.last_post_at, timeZone)}
              {opening && opening.status !== "published" && opening.status !== "deleted" ? ` · ${statusWord(opening.status)}` : ""}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

function statusWord(status: string): string {
  return status === "held" ? "waiting for approval" : status === "hidden" ? "hidden by a facilitator" : status;
}
