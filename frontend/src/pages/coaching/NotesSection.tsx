import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { formatDate, todayIso } from "../../lib/dates";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { coachingKeys, profileOf, useNotes, type Note } from "./queries";
import { writeBody } from "./writable";

const NOTE_FIELDS = ["body", "session_date"] as const;

/** Session notes: the coach writes them, the member they are about reads them. */
export function NotesSection({ planId, isCoach, memberName }: { planId: string; isCoach: boolean; memberName: string }) {
  const notes = useNotes(planId);
  const items = notes.data?.pages.flatMap((page) => page.items) ?? [];
  const [status, setStatus] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Session notes</h2>
      <p className="muted">
        {isCoach
          ? `Notes you write here are visible to ${memberName}. Write them as you would say them.`
          : "Notes your coach writes after your sessions. They are about you, so you can always read them."}
      </p>
      {isCoach ? <WriteNote planId={planId} onSaved={() => setStatus("Your note is saved.")} /> : null}
      <StatusMessage message={status} />
      {notes.isPending ? <p>Loading notes…</p> : null}
      {notes.isError ? <QueryError error={notes.error} onRetry={() => void notes.refetch()} /> : null}
      {notes.data && items.length === 0 ? <p>No session notes yet.</p> : null}
      {items.length ? (
        <ul className="note-list">
          {items.map((note) => (
            <NoteItem key={note.id} note={note} />
          ))}
        </ul>
      ) : null}
      <LoadMore
        hasMore={Boolean(notes.hasNextPage)}
        loading={notes.isFetchingNextPage}
        onLoad={() => void notes.fetchNextPage()}
        label="Show older notes"
      />
    </section>
  );
}

function NoteItem({ note }: { note: Note }) {
  const coach = profileOf(note.coach);
  return (
    <li className="note">
      <p className="changed-by">
        {note.session_date ? `Session on ${formatDate(note.session_date)}` : `Written ${formatDate(note.created_at)}`}
        {coach ? ` · ${coach.display_name}` : ""}
      </p>
      <p className="note__body">{note.body}</p>
    </li>
  );
}

function WriteNote({ planId, onSaved }: { planId: string; onSaved: () => void }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [body, setBody] = useState("");
  const [sessionDate, setSessionDate] = useState(todayIso());
  const [errors, setErrors] = useState<FormErrors<(typeof NOTE_FIELDS)[number]>>(NO_ERRORS);
  const idempotencyKey = useRef(crypto.randomUUID());

  const save = useMutation({
    mutationFn: async () =>
      (
        await unwrap(
          api.POST("/api/v1/coaching-plans/{plan_id}/notes", {
            params: { path: { plan_id: planId }, header: { "Idempotency-Key": idempotencyKey.current } },
            body: writeBody<Note>({ body: body.trim(), session_date: sessionDate || null }),
          }),
        )
      ).data,
    onSuccess: async () => {
      idempotencyKey.current = crypto.randomUUID();
      setBody("");
      onSaved();
      await queryClient.invalidateQueries({ queryKey: coachingKeys.notes(planId) });
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, NOTE_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    if (!body.trim()) {
      setErrors({ fields: { body: ["Write the note first."] }, general: null });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    save.mutate();
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="Write a session note">
      <FormAlert message={errors.general} />
      <Field label="Session date" name="session_date" tag="Optional" errors={errors.fields.session_date}>
        {(control) => (
          <input
            {...control}
            type="date"
            max={todayIso()}
            value={sessionDate}
            onChange={(event) => {
              setSessionDate(event.target.value);
              idempotencyKey.current = crypto.randomUUID();
            }}
          />
        )}
      </Field>
      <Field label="Session note" name="body" errors={errors.fields.body}>
        {(control) => (
          <textarea
            {...control}
            rows={4}
            maxLength={10000}
            value={body}
            onChange={(event) => {
              setBody(event.target.value);
              idempotencyKey.current = crypto.randomUUID();
            }}
          />
        )}
      </Field>
      <div className="form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save the note"}
        </button>
      </div>
    </form>
  );
}
