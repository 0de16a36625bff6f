import type { Badge } from "../badges";

/** Short facts as calm pills: "Open 24/7", "Free", "Verified". */
export function BadgeList({ badges, label = "At a glance" }: { badges: Badge[]; label?: string }) {
  return (
    <ul className="resource-badges" aria-label={label}>
      {badges.map((badge) => (
        <li key={badge.label} className={`resource-badge resource-badge--${badge.tone}`}>
          {badge.label}
        </li>
      ))}
    </ul>
  );
}
