/** The short labels a resource carries in lists and on its page. */
import { costLabel, type Resource } from "./labels";
import { verificationBadge, type Badge } from "./verification";

export type { Badge } from "./verification";

type Badged = Pick<Resource, "cost" | "is_24_7" | "verification" | "retired_at">;

/** Retired first (it changes everything else), then 24/7, cost and the verification state. */
export function resourceBadges(resource: Badged, now?: Date): Badge[] {
  const badges: Badge[] = [];
  if (resource.retired_at) badges.push({ label: "No longer listed", tone: "muted" });
  if (resource.is_24_7) badges.push({ label: "Open 24/7", tone: "ok" });
  badges.push({ label: costLabel(resource.cost), tone: resource.cost === "free" ? "ok" : "muted" });
  badges.push(verificationBadge(resource.verification, now));
  return badges;
}
