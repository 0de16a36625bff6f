/** Minimal API objects for component tests (shaped like the spec's responses). */
import type { components } from "../api/schema";

type GroupDetail = components["schemas"]["GroupDetail"];
type Session = components["schemas"]["Session"];

export function groupDetail(overrides: Partial<GroupDetail> = {}): GroupDetail {
  return {
    id: "0b1c2d3e-0000-4000-8000-000000000001",
    slug: "tuesday-circle",
    name: "Tuesday Circle",
    description: "A welcoming circle.",
    topics: ["alcohol"],
    format: "online",
    area: null,
    address: null,
    region: "GB",
    language: "en",
    time_zone: "Europe/London",
    join_policy: "open",
    visibility: "public",
    is_free: true,
    cost_note: null,
    guidelines_version: 1,
    facilitators: [],
    next_session_at: null,
    my_membership: null,
    archived_at: null,
    created_at: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: "9c8b7a6d-0000-4000-8000-000000000002",
    title: "Sharing circle",
    topic: null,
    description: null,
    starts_at: "2027-07-06T18:00:00+00:00",
    check_in_opens_at: "2027-07-06T17:45:00+00:00",
    ends_at: "2027-07-06T19:30:00+00:00",
    time_zone: "Europe/London",
    capacity: 1,
    spots_left: 0,
    content_warnings: [],
    location: null,
    online_url: null,
    my_rsvp: null,
    can_manage: false,
    series_id: null,
    status: "scheduled",
    group: { id: "0b1c2d3e-0000-4000-8000-000000000001", name: "Tuesday Circle", slug: "tuesday-circle", format: "online", area: null },
    ...overrides,
  };
}
