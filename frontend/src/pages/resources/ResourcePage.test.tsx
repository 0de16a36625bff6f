import { configure, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json } from "../../test/http";
import { renderPage } from "../../test/render";
import type { Resource } from "./labels";
import { ResourcePage } from "./ResourcePage";
import { formatCheckedOn } from "./verification";
import { COACH, resource, verification } from "./testData";

// The suite shares two cores: give the first render (profile and list requests) time to settle.
beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

const ID = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a";

function setUp(entry: Resource, role = "member") {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ id: "m1", role, time_zone: "Europe/London", display_name: "Wren" }),
    [`GET /api/v1/resources/${ID}`]: () => json(entry, 200, { ETag: '"v1"' }),
    [`POST /api/v1/members/me/bookmarks/${ID}`]: () => json({ ...entry, is_bookmarked: true }, 201),
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ResourcePage />, { path: "/resources/:resourceId", route: `/resources/${ID}` });
  return router;
}

describe("ResourcePage", () => {
  it("offers call, text, website and email from the entry's details", async () => {
    setUp(resource({ phone: "+44 (0)20 7946 0000", sms: "85258" }));
    const contact = within((await screen.findByRole("heading", { name: "Get in touch" })).closest("section")!);
    expect(contact.getByRole("link", { name: "Call +44 (0)20 7946 0000" })).toHaveAttribute("href", "tel:+442079460000");
    expect(contact.getByRole("link", { name: "Text 85258" })).toHaveAttribute("href", "sms:85258");
    const website = contact.getByRole("link", { name: "Visit samaritans.org (opens in a new tab)" });
    expect(website).toHaveAttribute("href", "https://www.samaritans.org/");
    expect(website).toHaveAttribute("target", "_blank");
    expect(website).toHaveAttribute("rel", "noopener noreferrer");
    expect(contact.getByRole("link", { name: "Email jo@samaritans.org" })).toHaveAttribute("href", "mailto:jo@samaritans.org");
  });

  it("shows hours, eligibility, languages, cost and where", async () => {
    setUp(resource());
    await screen.findByRole("heading", { level: 1, name: "Samaritans" });
    expect(screen.getByText("Any time")).toBeInTheDocument();
    expect(screen.getByText("Anyone, any age.")).toBeInTheDocument();
    expect(screen.getByText("English, Welsh")).toBeInTheDocument();
    expect(screen.getByText("Online · United Kingdom")).toBeInTheDocument();
  });

  it("says who verified it and when", async () => {
    setUp(resource({ verification: verification({ verified_at: "2027-02-01T10:00:00+00:00", verified_by: COACH, stale: false }) }));
    const checkedOn = formatCheckedOn("2027-02-01T10:00:00+00:00", "Europe/London");
    expect(await screen.findByText(`Checked against its source by Sage on ${checkedOn}.`)).toBeInTheDocument();
    expect(screen.queryByText(/more than a year ago/)).not.toBeInTheDocument();
  });

  it("warns calmly when the last check is old", async () => {
    setUp(resource({ verification: verification({ verified_at: "2025-01-10T10:00:00+00:00", verified_by: COACH, stale: true }) }));
    expect(await screen.findByText("Not recently verified")).toBeInTheDocument();
    expect(screen.getByText(/That was more than a year ago/)).toBeInTheDocument();
  });

  it("saves the entry for later", async () => {
    const router = setUp(resource());
    await userEvent.setup().click(await screen.findByRole("button", { name: "Save for later" }));
    expect(await screen.findByRole("button", { name: "Remove from saved" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "See your saved resources" })).toHaveAttribute("href", "/resources/saved");
    expect(router.sent("POST", `/api/v1/members/me/bookmarks/${ID}`)).toHaveLength(1);
  });

  it("shows curator actions to coaches only", async () => {
    setUp(resource(), "coach");
    expect(await screen.findByRole("link", { name: "Refer a member" })).toHaveAttribute("href", `/resources/${ID}/refer`);
    expect(screen.getByRole("button", { name: "I checked this against its source today" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Edit details" })).toHaveAttribute("href", `/resources/${ID}/edit`);
  });

  it("hides curator actions from members", async () => {
    setUp(resource());
    await screen.findByRole("button", { name: "Save for later" });
    expect(screen.queryByRole("link", { name: "Refer a member" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /I checked this/ })).not.toBeInTheDocument();
  });
});
