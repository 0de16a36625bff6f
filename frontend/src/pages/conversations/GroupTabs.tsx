import { NavLink } from "react-router";

/** "About and sessions" | "Conversation": the group page's two views, as links (each its own URL). */
export function GroupTabs({ groupId }: { groupId: string }) {
  return (
    <nav className="tabs group-tabs" aria-label="Group sections">
      <ul>
        <li>
          <NavLink to={`/groups/${groupId}`} end className="tabs__tab">
            About and sessions
          </NavLink>
        </li>
        <li>
          <NavLink to={`/groups/${groupId}/conversation`} className="tabs__tab">Conversation</NavLink>
        </li>
      </ul>
    </nav>
  );
}
