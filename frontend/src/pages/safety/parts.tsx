/** Small pieces shared by the moderation pages. */
import { Link, NavLink } from "react-router";
import { useGroup } from "../groups/queries";
import { useSession } from "../sessions/queries";
import { useIsAdmin } from "./queries";

/** Reports for everyone who moderates; appeals and the audit log for admins. */
export function ModerationNav() {
  const admin = useIsAdmin();
  if (!admin) return null;
  return (
    <nav aria-label="Moderation" className="section-nav moderation-nav">
      <ul>
        <li>
          <NavLink to="/moderation" end>
            Reports
          </NavLink>
        </li>
        <li>
          <NavLink to="/moderation/appeals">Appeals</NavLink>
        </li>
        <li>
          <NavLink to="/moderation/audit">Audit log</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/**
 * A group named by its id. The API gives reports and actions only the id, so the name is read
 * (and cached) per group; if the group is hidden from the viewer, it stays "a group".
 */
export function GroupName({ groupId, link = true }: { groupId: string; link?: boolean }) {
  const group = useGroup(groupId);
  const name = group.data?.group.name;
  if (!name) return <>{group.isPending ? "a group" : "a group you can no longer see"}</>;
  return link ? <Link to={`/groups/${groupId}`}>{name}</Link> : <>{name}</>;
}

export function SessionName({ sessionId }: { sessionId: string }) {
  const session = useSession(sessionId);
  const title = session.data?.session.title;
  return <Link to={`/sessions/${sessionId}`}>{title ?? "the session"}</Link>;
}

/** Tabs kept in the URL (?status=…), so a tab can be linked to and survives a reload. */
export function StatusTabs<T extends string>({
  label,
  tabs,
  current,
  param = "status",
}: {
  label: string;
  tabs: readonly { value: T; label: string }[];
  current: T;
  param?: string;
}) {
  return (
    <nav aria-label={label} className="tabs">
      <ul>
        {tabs.map((tab, index) => (
          <li key={tab.value}>
            <Link
              to={{ search: index === 0 ? "" : `?${param}=${tab.value}` }}
              aria-current={current === tab.value ? "page" : undefined}
              className="tabs__tab"
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
