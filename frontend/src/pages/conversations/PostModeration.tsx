import { useId, useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { ResourcePicker, type PickedResource } from "../../components/ResourcePicker";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "../../lib/problems";
import { noteResourceOf } from "./FacilitatorNote";
import { CONTENT_NOTE_LABELS, CONTENT_NOTES } from "./labels";
import { useUpdatePost, type ContentNote, type Post, type PostUpdate } from "./queries";

type Tool = "hide" | "note" | "content" | null;
const FIELDS = ["hidden_reason", "facilitator_note", "facilitator_note_resource_id", "add_content_notes"] as const;

/** Facilitators' tools on one post: hide (with a reason the author is told), restore, notes. */
export function PostModeration({ post, threadId }: { post: Post; threadId: string }) {
  const [tool, setTool] = useState<Tool>(null);
  const [reason, setReason] = useState("");
  const [note, setNote] = useState(post.facilitator_note ?? "");
  // The resource already linked stays linked when the note's words are edited.
  const [resource, setResource] = useState<PickedResource | null>(noteResourceOf(post));
  const [notes, setNotes] = useState<ContentNote[]>([]);
  const [errors, setErrors] = useState<FormErrors<(typeof FIELDS)[number]>>(NO_ERRORS);
  const [done, setDone] = useState<string | null>(null);
  const update = useUpdatePost(threadId);
  const panelId = useId();

  function apply(changes: PostUpdate, message: string) {
    setErrors(NO_ERRORS);
    update.mutate(
      { postId: post.id, changes },
      {
        onSuccess: () => {
          setTool(null);
          setDone(message);
        },
        onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
      },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (tool === "hide") {
      if (!reason.trim()) {
        setErrors({ fields: { hidden_reason: ["Say why: the author is told."] }, general: null });
        return;
      }
      apply({ hidden: true, hidden_reason: reason.trim() }, "The post is hidden. Its author was told why.");
    } else if (tool === "note") {
      apply(
        { facilitator_note: note.trim() || null, ...(resource ? { facilitator_note_resource_id: resource.id } : {}) },
        note.trim() ? "Your note is shown with the post." : "The note is removed.",
      );
    } else if (tool === "content") {
      apply({ add_content_notes: notes }, "The content note is added.");
    }
  }

  const open = (next: Tool) => {
    setDone(null);
    setTool(tool === next ? null : next);
  };
  return (
    <div className="post-moderation">
      <p className="post-moderation__tools">
        <span className="muted">Facilitator:</span>{" "}
        {post.status === "hidden" ? (
          <button type="button" className="button button--quiet button--small" disabled={update.isPending} onClick={() => apply({ hidden: false }, "The post is shown again.")}>
            Restore
          </button>
        ) : post.status === "published" ? (
          <button type="button" className="button button--quiet button--small" aria-expanded={tool === "hide"} aria-controls={panelId} onClick={() => open("hide")}>
            Hide
          </button>
        ) : null}
        <button type="button" className="button button--quiet button--small" aria-expanded={tool === "content"} aria-controls={panelId} onClick={() => open("content")}>
          Add content note
        </button>
        <button type="button" className="button button--quiet button--small" aria-expanded={tool === "note"} aria-controls={panelId} onClick={() => open("note")}>
          Facilitator note
        </button>
      </p>
      <StatusMessage message={done} />
      <div id={panelId}>
        {tool ? (
          <form className="form post-moderation__form" noValidate onSubmit={submit}>
            {tool === "hide" ? (
              <Field label="Why are you hiding it?" name="hidden_reason" errors={errors.fields.hidden_reason} hint="The author sees this reason and can appeal once.">
                {(control) => <textarea {...control} rows={2} maxLength={1000} autoFocus value={reason} onChange={(event) => setReason(event.target.value)} />}
              </Field>
            ) : null}
            {tool === "note" ? (
              <>
                <Field label="Note shown with the post" name="facilitator_note" errors={errors.fields.facilitator_note} hint="For example: “Questions about medication belong with a prescriber.” Leave it empty to remove the note.">
                  {(control) => <textarea {...control} rows={2} maxLength={500} autoFocus value={note} onChange={(event) => setNote(event.target.value)} />}
                </Field>
                <ResourcePicker value={resource} onChange={setResource} />
              </>
            ) : null}
            {tool === "content" ? (
              <fieldset className="check-list">
                <legend>Topics this post mentions</legend>
                {CONTENT_NOTES.filter((item) => !post.content_notes.includes(item)).map((item) => (
                  <label key={item} className="check">
                    <input
                      type="checkbox"
                      checked={notes.includes(item)}
                      onChange={(event) => setNotes(event.target.checked ? [...notes, item] : notes.filter((other) => other !== item))}
                    />
                    {CONTENT_NOTE_LABELS[item]}
                  </label>
                ))}
              </fieldset>
            ) : null}
            <FormAlert message={errors.general} />
            <div className="form__actions">
              <button type="button" className="button button--quiet button--small" onClick={() => setTool(null)}>
                Cancel
              </button>
              <button type="submit" className="button button--small" disabled={update.isPending}>
                {tool === "hide" ? "Hide post" : tool === "note" ? "Save note" : "Add note"}
              </button>
            </div>
          </form>
        ) : null}
      </div>
    </div>
  );
}
