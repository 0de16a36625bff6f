import { Link } from "react-router";
import { regionName } from "../../crisis/region";
import { resourceBadges } from "../badges";
import { kindLabel, type Resource } from "../labels";
import { BadgeList } from "./BadgeList";

const EXCERPT = 220;

export function excerpt(text: string, length = EXCERPT): string {
  return text.length > length ? `${text.slice(0, length - 3).trimEnd()}…` : text;
}

/** Where a service is: online, a place, or both. */
export function whereLabel(resource: Pick<Resource, "is_online" | "region" | "subdivision">): string {
  const place = resource.subdivision ? `${regionName(resource.region)} (${resource.subdivision})` : regionName(resource.region);
  return resource.is_online ? `Online · ${place}` : place;
}

/** One resource in a list: its name, what it is, a short description and its badges. */
export function ResourceCard({ resource, headingLevel = 2 }: { resource: Resource; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="card resource-card">
      <Heading className="resource-card__title">
        <Link to={`/resources/${resource.id}`}>{resource.name}</Link>
      </Heading>
      <p className="resource-card__meta">
        {[kindLabel(resource.kind), whereLabel(resource), resource.is_bookmarked ? "Saved" : null].filter(Boolean).join(" · ")}
      </p>
      <BadgeList badges={resourceBadges(resource)} />
      <p>{excerpt(resource.description)}</p>
    </li>
  );
}
