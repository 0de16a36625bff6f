import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderPage } from "../../test/render";
import { FacilitatorNote, noteResourceOf } from "./FacilitatorNote";

const RESOURCE = { id: "0b1c2d3e-0000-4000-8000-0000000000aa", name: "Talk to Frank", verified: true };
const NOTE = "Questions about medication belong with a prescriber.";

function show(post: Parameters<typeof FacilitatorNote>[0]["post"]) {
  renderPage(<FacilitatorNote post={post} />, { path: "/threads/:id", route: "/threads/t1" });
}

describe("FacilitatorNote", () => {
  it("names the linked resource as a link to its page, marked verified", () => {
    show({ facilitator_note: NOTE, facilitator_note_resource: RESOURCE, facilitator_note_resource_id: RESOURCE.id });
    const note = screen.getByRole("complementary", { name: "Facilitator note" });
    expect(note).toHaveTextContent(NOTE);
    expect(screen.getByRole("link", { name: "Talk to Frank" })).toHaveAttribute("href", `/resources/${RESOURCE.id}`);
    expect(screen.getByText("Verified")).toBeInTheDocument();
  });

  it("says when the resource has not been checked lately", () => {
    show({ facilitator_note: NOTE, facilitator_note_resource: { ...RESOURCE, verified: false }, facilitator_note_resource_id: RESOURCE.id });
    expect(screen.getByRole("link", { name: "Talk to Frank" })).toBeInTheDocument();
    expect(screen.queryByText("Verified")).not.toBeInTheDocument();
    expect(screen.getByText(/not checked by Peerway in the last year/)).toBeInTheDocument();
  });

  it("shows the note alone when nothing is linked", () => {
    show({ facilitator_note: NOTE, facilitator_note_resource: null, facilitator_note_resource_id: null });
    expect(screen.getByRole("complementary", { name: "Facilitator note" })).toHaveTextContent(NOTE);
    expect(screen.queryByRole("link")).not.toBeInTheDocument();
  });

  it("renders nothing without a note", () => {
    show({ facilitator_note: null, facilitator_note_resource: null, facilitator_note_resource_id: null });
    expect(screen.queryByRole("complementary")).not.toBeInTheDocument();
  });

  it("treats an empty object as no resource (the spec's nullable nested shape)", () => {
    expect(noteResourceOf({ facilitator_note_resource: {} })).toBeNull();
    expect(noteResourceOf({ facilitator_note_resource: RESOURCE })).toEqual(RESOURCE);
  });
});
