import { Link } from "react-router";
import { formatSessionWhen } from "../../lib/dates";
import { formatLabel, topicLabel } from "../../lib/filters";
import { languageName, regionName } from "../crisis/region";
import { myMembership, type Group } from "./queries";

const MEMBERSHIP_NOTES: Record<string, string> = {
  active: "You're a member",
  pending: "Request sent",
};

/** One group in a search result: what it is, where, when next, and whether I belong. */
export function GroupCard({ group, timeZone }: { group: Group; timeZone: string }) {
  const membership = myMembership(group);
  const note = membership ? MEMBERSHIP_NOTES[membership.status] : undefined;
  const excerpt = group.description.length > 220 ? `${group.description.slice(0, 217).trimEnd()}…` : group.description;
  return (
    <li className="card listing">
      <h2 className="listing__title">
        <Link to={`/groups/${group.id}`}>{group.name}</Link>
        {note ? <span className="badge">{note}</span> : null}
      </h2>
      <p className="listing__meta">
        {[formatLabel(group.format), group.area, `${languageName(group.language)}`, regionName(group.region), group.is_free ? "Free" : "Cost applies"]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <p className="listing__text">{excerpt}</p>
      {group.topics.length ? (
        <ul className="tags" aria-label="Topics">
          {group.topics.map((topic) => (
            <li key={topic} className="tag">
              {topicLabel(topic)}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="listing__next">
        {group.next_session_at ? `Next session: ${formatSessionWhen(group.next_session_at, null, timeZone)}` : "No sessions scheduled yet"}
      </p>
    </li>
  );
}
