import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { ReportButton } from "./ReportButton";
import { reportBody, validateReport } from "./reportForm";

const GROUP = "0b1c2d3e-0000-4000-8000-000000000001";
const SESSION = "9c8b7a6d-0000-4000-8000-000000000002";
const ME = { id: "me-0000", display_name: "Wren", badges: [], bio: null, pronouns: null };
const ASH = { id: "ash-0000", display_name: "Ash", badges: [], bio: null, pronouns: null };

function membership(member: typeof ME) {
  return { id: `m-${member.id}`, group_id: GROUP, member, role: "member", status: "active", is_muted: false, accepted_guidelines_version: 1, created_at: "" };
}

describe("validateReport", () => {
  it("asks for a category and at least 10 characters, saying how many are missing", () => {
    expect(validateReport({ category: "", text: "", subjectId: "" })).toEqual({
      category: ["Choose what the concern is about."],
      text: ["Tell us what happened, in at least 10 characters."],
    });
    expect(validateReport({ category: "spam", text: "  rude  ", subjectId: "" }).text).toEqual([
      "A little more, please: at least 10 characters (6 to go).",
    ]);
    expect(validateReport({ category: "spam", text: "Kept selling", subjectId: "" })).toEqual({});
  });

  it("needs a member only from the 'Report a member' entry point", () => {
    const values = { category: "harassment" as const, text: "Kept messaging me", subjectId: "" };
    expect(validateReport(values)).toEqual({});
    expect(validateReport(values, { memberRequired: true })).toEqual({ subject_member_id: ["Choose who it is about."] });
  });

  it("refuses more than 5,000 characters", () => {
    expect(validateReport({ category: "other", text: "x".repeat(5001), subjectId: "" }).text).toEqual([
      "Please keep it under 5,000 characters.",
    ]);
  });

  it("sends the session when there is one (the API finds the group), else the group", () => {
    const values = { category: "spam" as const, text: "  Kept selling things  ", subjectId: "" };
    expect(reportBody(values, { sessionId: SESSION, groupId: GROUP })).toEqual({ category: "spam", text: "Kept selling things", session_id: SESSION });
    expect(reportBody({ ...values, subjectId: ASH.id }, { groupId: GROUP })).toEqual({
      category: "spam",
      text: "Kept selling things",
      subject_member_id: ASH.id,
      group_id: GROUP,
    });
  });
});

function setUp(create = () => json({ id: "r1", status: "open", created_at: "2026-11-25T10:00:00+00:00" }, 201)) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ ...ME, email: "w@example.org", role: "member" }),
    [`GET /api/v1/groups/${GROUP}/members`]: () => json({ items: [membership(ME), membership(ASH)], next_cursor: null }),
    "POST /api/v1/reports": create,
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ReportButton label="Report a member" groupId={GROUP} chooseMember memberRequired />, { path: "/groups/:id", route: `/groups/${GROUP}` });
  return router;
}

describe("ReportButton", () => {
  it("explains the rules, sends nothing until the form is complete, then reassures", async () => {
    const router = setUp();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Report a member" }));
    const dialog = screen.getByRole("dialog", { name: "Report a member" });
    expect(within(dialog).getByText(/will not see who reported them/)).toBeInTheDocument();

    // The categories are one labelled radio group, each with its plain-language description.
    const group = within(dialog).getByRole("group", { name: "What is it about?" });
    const dominating = within(group).getByRole("radio", { name: "Not letting others share" });
    expect(dominating).toHaveAccessibleDescription(/Talking over people/);
    const text = within(dialog).getByLabelText("What happened?");
    expect(text).toHaveAccessibleDescription(/At least 10 characters/);

    // Too short, no category, no member: messages beside each field, nothing sent.
    await user.type(text, "rude");
    await user.click(within(dialog).getByRole("button", { name: "Send report" }));
    expect(text).toHaveAttribute("aria-invalid", "true");
    expect(text).toHaveAccessibleDescription(/6 to go/);
    expect(within(dialog).getByText("Choose what the concern is about.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Who is it about?")).toHaveAccessibleDescription(/Choose who it is about/);
    expect(router.sent("POST", "/api/v1/reports")).toHaveLength(0);

    // The member list leaves me out.
    const who = within(dialog).getByLabelText("Who is it about?");
    await waitFor(() => expect(within(who).getByRole("option", { name: "Ash" })).toBeInTheDocument());
    expect(within(who).queryByRole("option", { name: "Wren" })).not.toBeInTheDocument();

    await user.selectOptions(who, "Ash");
    await user.click(dominating);
    await user.type(text, " and kept talking over newcomers");
    await user.click(within(dialog).getByRole("button", { name: "Send report" }));

    await waitFor(() => expect(router.sent("POST", "/api/v1/reports")).toHaveLength(1));
    const request = router.sent("POST", "/api/v1/reports")[0]!;
    expect(request.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await request.json()).toEqual({
      category: "dominating",
      text: "rude and kept talking over newcomers",
      subject_member_id: ASH.id,
      group_id: GROUP,
    });
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Thank you. Your report was sent.");
    expect(within(dialog).getByText(/never see who reported/)).toBeInTheDocument();
  });

  it("shows the API's field messages beside the fields", async () => {
    setUp(() => problem(422, "Validation failed", { text: ["Shorter, please."] }));
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Report a member" }));
    const dialog = screen.getByRole("dialog", { name: "Report a member" });
    const who = within(dialog).getByLabelText("Who is it about?");
    await waitFor(() => expect(within(who).getByRole("option", { name: "Ash" })).toBeInTheDocument());
    await user.selectOptions(who, "Ash");
    await user.click(within(dialog).getByRole("radio", { name: "Spam or selling" }));
    await user.type(within(dialog).getByLabelText("What happened?"), "Links to a shop, again and again");
    await user.click(within(dialog).getByRole("button", { name: "Send report" }));

    const text = within(dialog).getByLabelText("What happened?");
    await waitFor(() => expect(text).toHaveAccessibleDescription(/Shorter, please\./));
    expect(within(dialog).getByRole("alert")).toHaveTextContent(/see the messages by each field/);
  });
});
