import { Link } from "react-router";
import { present } from "../../lib/present";
import type { components } from "../../api/schema";
import type { Post } from "./queries";

export type NoteResource = components["schemas"]["NoteResource"];

/** The directory entry a facilitator note links, named (the spec types it `NoteResource | {} | null`). */
export function noteResourceOf(post: Pick<Post, "facilitator_note_resource">): NoteResource | null {
  return present(post.facilitator_note_resource, "id");
}

/** A facilitator's visible note on a post, with the directory entry it links by name. */
export function FacilitatorNote({ post }: { post: Pick<Post, "facilitator_note" | "facilitator_note_resource" | "facilitator_note_resource_id"> }) {
  if (!post.facilitator_note) return null;
  const resource = noteResourceOf(post);
  return (
    <aside className="facilitator-note" aria-label="Facilitator note">
      <p>
        <strong>Facilitator note:</strong> {post.facilitator_note}
      </p>
      {resource ? (
        <p>
          See: <Link to={`/resources/${resource.id}`}>{resource.name}</Link>{" "}
          {resource.verified ? (
            <span className="badge badge--muted">Verified</span>
          ) : (
            <span className="muted">(not checked by Peerway in the last year)</span>
          )}
        </p>
      ) : post.facilitator_note_resource_id ? (
        <p>
          <Link to={`/resources/${post.facilitator_note_resource_id}`}>Read the resource the facilitator linked</Link>
        </p>
      ) : null}
    </aside>
  );
}
