import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/problems";
import { validateComposer } from "./Composer";
import { listNotes, noteOptions, paceMessage, paceWait, shortWait } from "./labels";
import { authorName, canEdit } from "./PostItem";
import { urgentFirst } from "../notifications/queries";

describe("conversation words", () => {
  it("lists content notes in plain words", () => {
    expect(listNotes(["self_harm"])).toBe("self-harm");
    expect(listNotes(["self_harm", "loss", "eating"])).toBe("self-harm, loss and grief and eating and food");
  });

  it("keeps only the API's known notes, or the built-in list", () => {
    expect(noteOptions([{ key: "loss", label: "Loss" }, { key: "unknown", label: "?" }])).toEqual([{ key: "loss", label: "Loss" }]);
    expect(noteOptions(undefined)).toHaveLength(8);
  });

  it("turns slow mode and the daily cap into a calm wait", () => {
    const slow = new ApiError(429, { type: "https://peerway.org/problems/slow-mode", title: "Too Many Requests", status: 429, detail: "" }, 40);
    expect(paceWait(slow)).toBe(40);
    expect(paceMessage(slow, 40)).toBe("Slow mode is on, so everyone has room to reply. You can post again in 40 s.");
    const cap = new ApiError(429, { type: "https://peerway.org/problems/daily-cap", title: "", status: 429, detail: "" }, 3600);
    expect(paceMessage(cap, 3600)).toMatch(/^You've reached this group's daily number of posts. You can post again in 1 h/);
    expect(paceWait(new ApiError(409))).toBeNull();
    expect(shortWait(7200)).toBe("2 h");
  });

  it("checks titles and bodies like the API", () => {
    expect(validateComposer({ title: "Hi", body: "", content_notes: [], anonymous_to_peers: false }, true)).toEqual({
      title: ["Give it a title of at least 3 characters."],
      body: ["Write something first."],
    });
    expect(validateComposer({ title: "", body: "Hello", content_notes: [], anonymous_to_peers: false }, false)).toEqual({});
  });

  it("names authors as each reader may see them", () => {
    const base = { is_mine: false, anonymous_to_peers: true, author: null, author_label: "A member of this group" };
    expect(authorName(base)).toBe("A member of this group");
    expect(authorName({ ...base, is_mine: true })).toBe("You (shown to others as “A member of this group”)");
    expect(authorName({ ...base, author: { id: "a", display_name: "Wren", pronouns: null, badges: [] } })).toBe("Wren (anonymous to peers)");
  });

  it("offers editing only until the time the API gives", () => {
    const post = { editable_until: "2026-12-03T18:15:00+00:00" };
    expect(canEdit(post, Date.parse("2026-12-03T18:10:00+00:00"))).toBe(true);
    expect(canEdit(post, Date.parse("2026-12-03T18:20:00+00:00"))).toBe(false);
    expect(canEdit({ editable_until: null }, Date.parse("2026-12-03T18:10:00+00:00"))).toBe(false);
  });

  it("puts unread urgent notifications first", () => {
    const note = (id: string, urgent: boolean, read_at: string | null = null) =>
      ({ id, urgent, read_at, kind: "post_risk", title: id, body: "", link: null, data: {}, created_at: "" }) as const;
    expect(urgentFirst([note("a", false), note("b", true), note("c", true, "x")]).map((n) => n.id)).toEqual(["b", "a", "c"]);
  });
});
