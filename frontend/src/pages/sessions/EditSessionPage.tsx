import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { focusFirstInvalid } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { ApiError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { localDateTimeOf, toRfc3339InZone } from "../../lib/zonedTime";
import { contentWarningsProblem, parseContentWarnings } from "./contentWarnings";
import { invalidateSessions, scopeSerializer, useSession, type Scope, type SessionUpdate, type SessionWithVersion } from "./queries";
import { AboutFields, PlaceFields, SESSION_FIELDS, TitleFields, WhenFields, type SessionDetailsValues, type SessionField } from "./SessionFields";

export function EditSessionPage() {
  const { sessionId = "" } = useParams();
  const result = useSession(sessionId);
  const session = result.data?.session;
  usePageTitle("Edit session");
  return (
    <article className="page page--form">
      <p className="breadcrumb">
        <Link to={`/sessions/${sessionId}`}>{session?.title ?? "Back to the session"}</Link>
      </p>
      <h1>Edit session</h1>
      {result.isPending ? <p>Loading…</p> : null}
      {result.isError ? <QueryError error={result.error} onRetry={() => void result.refetch()} /> : null}
      {session && !session.can_manage ? <p className="card">Only this group's facilitators can edit its sessions.</p> : null}
      {session?.status === "cancelled" ? <p className="card">This session was cancelled, so it can't be edited.</p> : null}
      {result.data && session?.can_manage && session.status !== "cancelled" ? <EditForm current={result.data} /> : null}
    </article>
  );
}

function valuesOf(current: SessionWithVersion): SessionDetailsValues {
  const { session } = current;
  const local = localDateTimeOf(session.starts_at, session.time_zone);
  return {
    title: session.title,
    topic: session.topic ?? "",
    description: session.description ?? "",
    date: local.date,
    time: local.time,
    duration: String(Math.round((Date.parse(session.ends_at) - Date.parse(session.starts_at)) / 60_000)),
    capacity: String(session.capacity),
    onlineUrl: session.online_url ?? "",
    location: session.location ?? "",
    contentWarnings: session.content_warnings.join(", "),
  };
}

/** Only what changed; the spec's default makes duration_minutes required, so it always goes. */
export function sessionChanges(before: SessionDetailsValues, after: SessionDetailsValues, startsAt: string | null, warnings: string[]): SessionUpdate {
  const changes: SessionUpdate = { duration_minutes: Number(after.duration) };
  const text = (value: string) => value.trim() || null;
  if (after.title.trim() !== before.title) changes.title = after.title.trim();
  if (text(after.topic) !== text(before.topic)) changes.topic = text(after.topic);
  if (text(after.description) !== text(before.description)) changes.description = text(after.description);
  if (after.capacity !== before.capacity) changes.capacity = Number(after.capacity);
  if (text(after.onlineUrl) !== text(before.onlineUrl)) changes.online_url = text(after.onlineUrl);
  if (text(after.location) !== text(before.location)) changes.location = text(after.location);
  if (warnings.join("\n") !== parseContentWarnings(before.contentWarnings).join("\n")) changes.content_warnings = warnings;
  if ((after.date !== before.date || after.time !== before.time) && startsAt) changes.starts_at = startsAt;
  return changes;
}

function EditForm({ current }: { current: SessionWithVersion }) {
  const { session, etag } = current;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const scopeName = useId();
  const [initial] = useState(() => valuesOf(current));
  const [values, setValues] = useState<SessionDetailsValues>(initial);
  const [scope, setScope] = useState<Scope>("occurrence");
  const [errors, setErrors] = useState<FormErrors<SessionField>>(NO_ERRORS);

  const save = useMutation({
    mutationFn: async (changes: SessionUpdate) =>
      unwrap(
        api.PATCH("/api/v1/sessions/{session_id}", {
          params: { path: { session_id: session.id }, header: etag ? { "If-Match": etag } : {} },
          querySerializer: scopeSerializer(scope),
          body: changes,
        }),
      ),
    onSuccess: async () => {
      await invalidateSessions(queryClient);
      navigate(`/sessions/${session.id}`, {
        state: { notice: scope === "series" ? "Saved for this and every later session in the series." : "Your changes are saved." },
      });
    },
    onError: (error) => {
      setErrors(
        error instanceof ApiError && error.status === 412
          ? { fields: {}, general: "Someone changed this session since the page opened. Reload the page to see their changes, then edit again." }
          : formErrorsFrom(error, SESSION_FIELDS),
      );
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    const startsAt = toRfc3339InZone({ date: values.date, time: values.time }, session.time_zone);
    const warnings = parseContentWarnings(values.contentWarnings);
    const problem = !startsAt ? { starts_at: ["Choose a date and a start time."] } : contentWarningsProblem(warnings) ? { content_warnings: [contentWarningsProblem(warnings) ?? ""] } : null;
    if (problem) {
      setErrors({ fields: problem, general: "Some answers need another look: see the messages by each field." });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    save.mutate(sessionChanges(initial, values, startsAt, warnings));
  }

  const update = (name: keyof SessionDetailsValues, value: string) => setValues((currentValues) => ({ ...currentValues, [name]: value }));

  return (
    <form ref={formRef} className="card form" onSubmit={submit} noValidate>
      <p className="form__context">
        For <strong>{session.group.name}</strong>. People who booked are told if the time changes.
      </p>
      <FormAlert message={errors.general} />
      {session.series_id ? (
        <fieldset className="form-section form-section--first">
          <legend>Change</legend>
          <label className="check">
            <input type="radio" name={scopeName} checked={scope === "occurrence"} onChange={() => setScope("occurrence")} />
            Only this session
          </label>
          <label className="check">
            <input type="radio" name={scopeName} checked={scope === "series"} onChange={() => setScope("series")} />
            This and every later session in the series (each keeps its own date)
          </label>
        </fieldset>
      ) : null}
      <div className={session.series_id ? "form-section" : "form-section form-section--first"}>
        <TitleFields values={values} errors={errors.fields} update={update} />
      </div>
      <WhenFields values={values} errors={errors.fields} update={update} timeZone={session.time_zone} />
      <div className="form-section">
        <h2 className="form-section__title">Booking</h2>
        <PlaceFields values={values} errors={errors.fields} update={update} format={session.group.format} />
      </div>
      <div className="form-section">
        <h2 className="form-section__title">For members to know</h2>
        <AboutFields values={values} errors={errors.fields} update={update} />
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save changes"}
        </button>
        <Link to={`/sessions/${session.id}`} className="button button--quiet">
          Back to the session
        </Link>
      </div>
    </form>
  );
}
