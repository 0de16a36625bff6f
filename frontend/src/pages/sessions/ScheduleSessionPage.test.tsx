import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { groupDetail } from "../../test/fixtures";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { ScheduleSessionPage } from "./ScheduleSessionPage";

const GROUP = groupDetail({
  my_membership: { status: "active", role: "facilitator", is_muted: false, accepted_guidelines_version: 1 },
});
const PATH = `/api/v1/groups/${GROUP.id}`;

function setUp(created = json({ items: [{}, {}, {}, {}, {}, {}], next_cursor: null }, 201)) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    [`GET ${PATH}`]: () => json(GROUP),
    [`POST ${PATH}/sessions`]: () => created,
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ScheduleSessionPage />, { path: "/groups/:groupId/schedule", route: `/groups/${GROUP.id}/schedule` });
  return router;
}

describe("ScheduleSessionPage", () => {
  it("sends a weekly series in the group's zone with the summer offset", async () => {
    const router = setUp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Title"), "Sharing circle");
    expect(screen.getByText(/Times are in the group's time zone: Europe \/ London/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("First date"), { target: { value: "2027-07-06" } }); // a Tuesday
    fireEvent.change(screen.getByLabelText("Start time"), { target: { value: "19:00" } });
    await user.click(screen.getByLabelText("Every week"));
    expect(screen.getByRole("checkbox", { name: "Tuesday" })).toBeChecked();
    await user.click(screen.getByRole("checkbox", { name: "Thursday" }));
    await user.clear(screen.getByLabelText("Number of sessions"));
    await user.type(screen.getByLabelText("Number of sessions"), "6");
    await user.type(screen.getByLabelText("Online meeting link"), "https://meet.example.org/x");
    await user.type(screen.getByLabelText(/Content notes/), "relapse, grief");
    expect(screen.getByText("Every week on Tuesday and Thursday, 6 sessions.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Schedule the sessions" }));

    await waitFor(() => expect(router.sent("POST", `${PATH}/sessions`)).toHaveLength(1));
    const request = router.sent("POST", `${PATH}/sessions`)[0]!;
    expect(request.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await request.json()).toEqual({
      title: "Sharing circle",
      starts_at: "2027-07-06T19:00:00+01:00",
      time_zone: "Europe/London",
      duration_minutes: 90,
      capacity: 12,
      rrule: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6",
      content_warnings: ["relapse", "grief"],
      online_url: "https://meet.example.org/x",
    });
    expect(await screen.findByTestId("location")).toHaveTextContent(`/groups/${GROUP.id}`);
  });

  it("sends a one-off winter session with +00:00 and no rule", async () => {
    const router = setUp(json({ items: [{}], next_cursor: null }, 201));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Title"), "Winter circle");
    fireEvent.change(screen.getByLabelText("First date"), { target: { value: "2027-01-12" } });
    fireEvent.change(screen.getByLabelText("Start time"), { target: { value: "18:30" } });
    await user.click(screen.getByRole("button", { name: "Schedule the session" }));

    await waitFor(() => expect(router.sent("POST", `${PATH}/sessions`)).toHaveLength(1));
    const body = await router.sent("POST", `${PATH}/sessions`)[0]!.json();
    expect(body.starts_at).toBe("2027-01-12T18:30:00+00:00");
    expect(body).not.toHaveProperty("rrule");
  });

  it("asks for a first date on a chosen weekday before sending", async () => {
    const router = setUp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Title"), "Circle");
    fireEvent.change(screen.getByLabelText("First date"), { target: { value: "2027-07-06" } });
    await user.click(screen.getByLabelText("Every week"));
    await user.click(screen.getByRole("checkbox", { name: "Tuesday" }));
    await user.click(screen.getByRole("checkbox", { name: "Wednesday" }));
    await user.click(screen.getByRole("button", { name: "Schedule the sessions" }));

    expect(await screen.findByText(/The first session is on a Tuesday/)).toBeInTheDocument();
    expect(screen.getByLabelText("First date")).toHaveAttribute("aria-invalid", "true");
    expect(router.sent("POST", `${PATH}/sessions`)).toHaveLength(0);
  });

  it("shows the API's field errors beside the fields", async () => {
    setUp(problem(422, "The request has invalid fields.", { online_url: ["Not a valid URL."], rrule: ["Not supported here: BYHOUR."] }));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Title"), "Circle");
    await user.type(screen.getByLabelText("Online meeting link"), "meet");
    await user.click(screen.getByRole("button", { name: "Schedule the session" }));

    const link = screen.getByLabelText("Online meeting link");
    await waitFor(() => expect(link).toHaveAttribute("aria-invalid", "true"));
    expect(link).toHaveAccessibleDescription(/Not a valid URL\./);
    expect(screen.getByText("Not supported here: BYHOUR.")).toBeInTheDocument();
    expect(screen.getAllByRole("alert")[0]).toHaveTextContent(/another look/);
  });
});
