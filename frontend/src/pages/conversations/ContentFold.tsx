import { useId, useState, type ReactNode } from "react";
import { listNotes } from "./labels";

/**
 * A post's body folded behind its content notes ("This post mentions: self-harm. Show") until
 * the reader chooses to open it. Nothing is folded when a post has no notes.
 */
export function ContentFold({
  notes,
  byPreference = false,
  children,
}: {
  notes: readonly string[];
  byPreference?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  if (notes.length === 0) return <>{children}</>;
  return (
    <div className="content-fold">
      <p className="content-fold__notice">
        <span>
          This post mentions: <strong>{listNotes(notes)}</strong>.
          {byPreference ? <span className="muted"> (You asked to always have this folded.)</span> : null}
        </span>{" "}
        <button
          type="button"
          className="button button--quiet button--small"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
        >
          {open ? "Hide" : "Show"}
          <span className="visually-hidden"> the post</span>
        </button>
      </p>
      <div id={bodyId} hidden={!open}>
        {open ? children : null}
      </div>
    </div>
  );
}

/** Plain text with the author's paragraphs and line breaks kept. */
export function PostText({ text }: { text: string }) {
  return (
    <div className="post__text">
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}
