import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { present } from "../../lib/present";
import { ApiError, formErrorsFrom, NO_ERRORS, type FormErrors } from "../../lib/problems";
import { CrisisInline } from "./CrisisInline";
import { ANONYMOUS_EXPLANATION, noteOptions, paceMessage, paceWait } from "./labels";
import { useContentPreferences, type ContentNote } from "./queries";
import type { CrisisResources } from "../crisis/types";

export const BODY_MAX = 10_000;
export const TITLE_MIN = 3;
export const TITLE_MAX = 200;

const FIELDS = ["title", "body", "content_notes", "anonymous_to_peers"] as const;
type ComposerField = (typeof FIELDS)[number];

export interface ComposerValues {
  title: string;
  body: string;
  content_notes: ContentNote[];
  anonymous_to_peers: boolean;
}

const EMPTY: ComposerValues = { title: "", body: "", content_notes: [], anonymous_to_peers: false };

/** What the API answered: the post as written, plus crisis lines when it showed signs of risk. */
export interface Posted {
  /** Held for a facilitator (a new member's first post in a group that holds them). */
  held: boolean;
  crisis_resources?: CrisisResources | Record<string, never> | null;
}

/** Checked here first, with the API's own limits. */
export function validateComposer(values: ComposerValues, withTitle: boolean): Partial<Record<ComposerField, string[]>> {
  const errors: Partial<Record<ComposerField, string[]>> = {};
  const title = values.title.trim();
  if (withTitle && title.length < TITLE_MIN) errors.title = [`Give it a title of at least ${TITLE_MIN} characters.`];
  if (withTitle && title.length > TITLE_MAX) errors.title = [`Please keep the title under ${TITLE_MAX} characters.`];
  const body = values.body.trim();
  if (!body) errors.body = ["Write something first."];
  if (body.length > BODY_MAX) errors.body = [`Please keep it under ${BODY_MAX.toLocaleString("en-GB")} characters.`];
  return errors;
}

/** Seconds left until `until` (ms since epoch), ticking once a second; 0 when over. */
export function useSecondsUntil(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

interface ComposerProps {
  /** A new thread has a title; a reply does not. */
  withTitle: boolean;
  legend: string;
  /** The section around it already has a heading that says the same. */
  hideLegend?: boolean;
  submitLabel: string;
  send: (values: ComposerValues) => Promise<Posted>;
  busy: boolean;
  /** Shown under the anonymity option: facilitators always see who wrote it. */
  allowAnonymous?: boolean;
}

/** Title (for threads), body, content notes and "post as a member of this group". */
export function Composer({ withTitle, legend, hideLegend = false, submitLabel, send, busy, allowAnonymous = true }: ComposerProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<ComposerValues>(EMPTY);
  const [errors, setErrors] = useState<FormErrors<ComposerField>>(NO_ERRORS);
  const [paceError, setPaceError] = useState<{ message: string; until: number } | null>(null);
  const [outcome, setOutcome] = useState<Posted | null>(null);
  const secondsLeft = useSecondsUntil(paceError?.until ?? null);
  const notesId = useId();
  const options = noteOptions(useContentPreferences().data?.content_notes);
  const anonId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = validateComposer(values, withTitle);
    if (Object.keys(fields).length) {
      setErrors({ fields, general: "Some answers need another look: see the messages by each field." });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setErrors(NO_ERRORS);
    setPaceError(null);
    setOutcome(null);
    try {
      const result = await send({ ...values, title: values.title.trim() });
      setValues(EMPTY);
      setOutcome(result);
    } catch (error) {
      const wait = paceWait(error);
      if (wait !== null && error instanceof ApiError) {
        // Said once (a ticking alert would be read out every second); the button counts down.
        setPaceError({ message: paceMessage(error, wait), until: Date.now() + wait * 1000 });
        return;
      }
      setErrors(formErrorsFrom(error, FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    }
  }

  function toggleNote(note: ContentNote, on: boolean) {
    const notes = on ? [...values.content_notes, note] : values.content_notes.filter((item) => item !== note);
    setValues({ ...values, content_notes: options.map(({ key }) => key).filter((key) => notes.includes(key)) });
  }

  const crisis = present(outcome?.crisis_resources, "lines");
  return (
    <>
      {crisis ? <CrisisInline resources={crisis} onDismiss={() => setOutcome(null)} /> : null}
      <form ref={formRef} className="form composer" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset className="composer__fields">
          <legend className={hideLegend ? "visually-hidden" : undefined}>{legend}</legend>
          {withTitle ? (
            <Field label="Title" name="title" errors={errors.fields.title}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={TITLE_MAX}
                  value={values.title}
                  onChange={(event) => setValues({ ...values, title: event.target.value })}
                />
              )}
            </Field>
          ) : null}
          <Field label={withTitle ? "What would you like to share?" : "Your reply"} name="body" errors={errors.fields.body}>
            {(control) => (
              <textarea
                {...control}
                rows={withTitle ? 6 : 4}
                maxLength={BODY_MAX}
                value={values.body}
                onChange={(event) => setValues({ ...values, body: event.target.value })}
              />
            )}
          </Field>
          <details className="composer__notes">
            <summary>Add a content note{values.content_notes.length ? ` (${values.content_notes.length})` : ""}</summary>
            <fieldset className="check-list" aria-describedby={notesId}>
              <legend className="visually-hidden">Content notes</legend>
              <p className="field__hint" id={notesId}>
                If your post mentions any of these, tick them: readers see the note first and choose whether to open it.
              </p>
              {options.map(({ key, label }) => (
                <label key={key} className="check">
                  <input
                    type="checkbox"
                    name="content_notes"
                    value={key}
                    checked={values.content_notes.includes(key)}
                    onChange={(event) => toggleNote(key, event.target.checked)}
                  />
                  {label}
                </label>
              ))}
            </fieldset>
          </details>
          {allowAnonymous ? (
            <div className="composer__anonymous">
              <label className="check">
                <input
                  type="checkbox"
                  name="anonymous_to_peers"
                  aria-describedby={anonId}
                  checked={values.anonymous_to_peers}
                  onChange={(event) => setValues({ ...values, anonymous_to_peers: event.target.checked })}
                />
                Post as “a member of this group”
              </label>
              <p className="field__hint" id={anonId}>
                {ANONYMOUS_EXPLANATION}
              </p>
            </div>
          ) : null}
        </fieldset>
        <FormAlert message={paceError && secondsLeft > 0 ? paceError.message : errors.general} />
        <StatusMessage
          message={
            outcome?.held
              ? "Thank you. Your first post in this group is waiting for a facilitator: it will appear once they've read it, and we'll let you know."
              : null
          }
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={busy || (paceError !== null && secondsLeft > 0)}>
            {busy ? "Posting…" : paceError && secondsLeft > 0 ? `${submitLabel} (in ${secondsLeft} s)` : submitLabel}
          </button>
        </div>
      </form>
    </>
  );
}
