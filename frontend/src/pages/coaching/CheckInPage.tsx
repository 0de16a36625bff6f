import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formErrorsFrom, unwrap, type FormErrors } from "../../lib/problems";
import { useMyProfile } from "../account/queries";
import { CheckInSummary } from "./CheckInSummary";
import { ScaleField } from "./components/ScaleField";
import { useFocusOnMount } from "./components/useFocusOnMount";
import { INSTRUMENTS, type Answers, type InstrumentKey } from "./instruments";
import { Questionnaire, suggestsSelfHarm } from "./Questionnaire";
import { coachingKeys, usePlan, type CheckInCreate, type CheckInResult } from "./queries";
import "./coaching.css";

export type SafeAnswer = "yes" | "no" | "prefer_not" | "";

export interface CheckInDraft {
  mood: number;
  craving: number;
  note: string;
  noteShared: boolean;
  safe: SafeAnswer;
  /** Finished questionnaires only. */
  finished: Partial<Record<InstrumentKey, number[]>>;
}

/** The request body: a note only when written, feels_safe only when answered yes or no. */
export function checkInBody(draft: CheckInDraft): CheckInCreate {
  const note = draft.note.trim();
  const instruments = Object.fromEntries(
    INSTRUMENTS.filter((instrument) => draft.finished[instrument.key]).map((instrument) => [
      instrument.key,
      draft.finished[instrument.key],
    ]),
  );
  return {
    mood: draft.mood,
    craving: draft.craving,
    note_shared: note ? draft.noteShared : false,
    ...(note ? { note } : {}),
    ...(draft.safe === "yes" ? { feels_safe: true } : draft.safe === "no" ? { feels_safe: false } : {}),
    ...(Object.keys(instruments).length ? { instruments } : {}),
  };
}

const FIELDS = ["mood", "craving", "note", "note_shared", "feels_safe"] as const;
type CheckInField = (typeof FIELDS)[number];

type Stage =
  | { kind: "basics" }
  | { kind: "offer"; index: number }
  | { kind: "questionnaire"; index: number }
  | { kind: "review" }
  | { kind: "done"; result: CheckInResult };

const SAFE_LABELS: Record<Exclude<SafeAnswer, "">, string> = {
  yes: "Yes",
  no: "No",
  prefer_not: "I'd prefer not to say",
};

/** Shown from the moment a member says they are not safe, on every later step: never in the way. */
function SupportNow() {
  return (
    <div className="support-note">
      <p>
        <strong>Thank you for telling us.</strong> You don't have to finish this first: people are ready to listen
        right now.
      </p>
      <p>
        <a href="/help" target="_blank" rel="noopener">
          See who you can call or text now (opens in a new tab, your check-in stays here)
        </a>
      </p>
      <p>You can also send your check-in straight away; the rest is optional.</p>
    </div>
  );
}

function StepHeading({ id, children, stageKey }: { id: string; children: string; stageKey: string }) {
  const ref = useFocusOnMount<HTMLHeadingElement>(stageKey);
  return (
    <h2 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}

export function CheckInPage() {
  const { planId = "" } = useParams();
  usePageTitle("Check in");
  const me = useMyProfile();
  const plan = usePlan(planId);
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>({ kind: "basics" });
  const [draft, setDraft] = useState<CheckInDraft>({
    mood: 5,
    craving: 0,
    note: "",
    noteShared: false,
    safe: "",
    finished: {},
  });
  const [inProgress, setInProgress] = useState<Partial<Record<InstrumentKey, Answers>>>({});
  const [errors, setErrors] = useState<FormErrors<CheckInField>>({ fields: {}, general: null });
  const idempotencyKey = useRef<string | null>(null);

  const send = useMutation({
    mutationFn: async (body: CheckInCreate) => {
      idempotencyKey.current ??= crypto.randomUUID();
      return (
        await unwrap(
          api.POST("/api/v1/coaching-plans/{plan_id}/check-ins", {
            params: { path: { plan_id: planId }, header: { "Idempotency-Key": idempotencyKey.current } },
            body,
          }),
        )
      ).data;
    },
    onSuccess: (result) => {
      idempotencyKey.current = null;
      setStage({ kind: "done", result });
      void queryClient.invalidateQueries({ queryKey: coachingKeys.checkIns(planId) });
      void queryClient.invalidateQueries({ queryKey: ["coaching", "plan", planId, "progress"] });
      void queryClient.invalidateQueries({ queryKey: ["coaching", "relationships"] });
    },
    onError: (error) => {
      const next = formErrorsFrom(error, FIELDS);
      setErrors(next);
      if (Object.keys(next.fields).length) setStage({ kind: "basics" });
    },
  });

  function update(changes: Partial<CheckInDraft>) {
    setDraft((current) => ({ ...current, ...changes }));
    idempotencyKey.current = null; // a different check-in now: a retry must not replay the old one
  }

  function submit() {
    setErrors({ fields: {}, general: null });
    send.mutate(checkInBody(draft));
  }

  const needsSupport =
    draft.safe === "no" ||
    INSTRUMENTS.some((instrument) => {
      const answers = draft.finished[instrument.key] ?? inProgress[instrument.key];
      return answers ? suggestsSelfHarm(instrument, answers) : false;
    });

  if (plan.isPending || me.isPending) {
    return (
      <article className="page page--form">
        <h1>Check in</h1>
        <p>Loading…</p>
      </article>
    );
  }
  if (plan.isError || me.isError) {
    return (
      <article className="page page--form">
        <h1>Check in</h1>
        <QueryError error={plan.error ?? me.error} onRetry={() => void (plan.isError ? plan.refetch() : me.refetch())} />
      </article>
    );
  }
  const isMember = plan.data.plan.member.id === me.data.profile.id;

  return (
    <article className="page page--form">
      <p className="breadcrumb">
        <Link to={`/coaching/plans/${planId}`}>{plan.data.plan.title}</Link>
      </p>
      <h1>Check in</h1>
      {!isMember ? (
        <div className="card">
          <p>
            Only {plan.data.plan.member.display_name} checks in on this plan. You can see their check-ins on the plan
            page.
          </p>
        </div>
      ) : stage.kind === "done" ? (
        <CheckInSummary result={stage.result} planId={planId} />
      ) : (
        <>
          {stage.kind === "basics" ? (
            <BasicsStep
              draft={draft}
              errors={errors}
              update={update}
              onContinue={() => setStage({ kind: "offer", index: 0 })}
              onSendNow={submit}
              sending={send.isPending}
              needsSupport={needsSupport}
            />
          ) : null}
          {stage.kind === "offer" ? (
            <OfferStep
              index={stage.index}
              answered={Boolean(draft.finished[INSTRUMENTS[stage.index]!.key])}
              onAnswer={() => setStage({ kind: "questionnaire", index: stage.index })}
              onSkip={() =>
                setStage(stage.index + 1 < INSTRUMENTS.length ? { kind: "offer", index: stage.index + 1 } : { kind: "review" })
              }
              onBack={() => setStage(stage.index === 0 ? { kind: "basics" } : { kind: "offer", index: stage.index - 1 })}
              onSendNow={() => setStage({ kind: "review" })}
              needsSupport={needsSupport}
            />
          ) : null}
          {stage.kind === "questionnaire" ? (
            <>
              {needsSupport && draft.safe === "no" ? <SupportNow /> : null}
              <Questionnaire
                key={INSTRUMENTS[stage.index]!.key}
                instrument={INSTRUMENTS[stage.index]!}
                initial={draft.finished[INSTRUMENTS[stage.index]!.key] ?? inProgress[INSTRUMENTS[stage.index]!.key]}
                onChange={(answers) => setInProgress((current) => ({ ...current, [INSTRUMENTS[stage.index]!.key]: answers }))}
                onFinish={(answers) => {
                  update({ finished: { ...draft.finished, [INSTRUMENTS[stage.index]!.key]: answers } });
                  setStage(
                    stage.index + 1 < INSTRUMENTS.length ? { kind: "offer", index: stage.index + 1 } : { kind: "review" },
                  );
                }}
                onBack={() => setStage({ kind: "offer", index: stage.index })}
                onSkip={() => {
                  const rest = { ...draft.finished };
                  delete rest[INSTRUMENTS[stage.index]!.key];
                  update({ finished: rest });
                  setStage(
                    stage.index + 1 < INSTRUMENTS.length ? { kind: "offer", index: stage.index + 1 } : { kind: "review" },
                  );
                }}
              />
            </>
          ) : null}
          {stage.kind === "review" ? (
            <ReviewStep
              draft={draft}
              general={errors.general}
              sending={send.isPending}
              needsSupport={needsSupport}
              onSend={submit}
              onChange={() => setStage({ kind: "basics" })}
            />
          ) : null}
        </>
      )}
    </article>
  );
}

interface BasicsStepProps {
  draft: CheckInDraft;
  errors: FormErrors<CheckInField>;
  update: (changes: Partial<CheckInDraft>) => void;
  onContinue: () => void;
  onSendNow: () => void;
  sending: boolean;
  needsSupport: boolean;
}

function BasicsStep({ draft, errors, update, onContinue, onSendNow, sending, needsSupport }: BasicsStepProps) {
  function next(event: FormEvent) {
    event.preventDefault();
    onContinue();
  }
  return (
    <section className="card" aria-labelledby="basics-heading">
      <p className="lead" id="basics-heading">
        A few moments for yourself. Only mood and cravings are needed; everything else is optional.
      </p>
      <form className="form" onSubmit={next} noValidate aria-label="How you are today">
        <FormAlert message={errors.general} />
        <ScaleField
          label="Mood right now"
          name="mood"
          min={1}
          max={10}
          value={draft.mood}
          onChange={(mood) => update({ mood })}
          lowLabel="very low"
          highLabel="very good"
          hint="1 is very low, 10 is very good."
          errors={errors.fields.mood}
        />
        <ScaleField
          label="Cravings right now"
          name="craving"
          min={0}
          max={10}
          value={draft.craving}
          onChange={(craving) => update({ craving })}
          lowLabel="none"
          highLabel="very strong"
          hint="0 is none at all, 10 is very strong."
          errors={errors.fields.craving}
        />
        <Field
          label="Anything you'd like to note?"
          name="note"
          tag="Optional"
          hint="Private to you unless you choose to share it below."
          errors={errors.fields.note}
        >
          {(control) => (
            <textarea
              {...control}
              rows={4}
              maxLength={5000}
              value={draft.note}
              onChange={(event) => update({ note: event.target.value })}
            />
          )}
        </Field>
        <div className="check check--boxed">
          <input
            id="note-shared"
            type="checkbox"
            checked={draft.noteShared}
            onChange={(event) => update({ noteShared: event.target.checked })}
            aria-describedby="note-shared-hint"
          />
          <label htmlFor="note-shared">Share this note with my coach</label>
        </div>
        <p className="field__hint" id="note-shared-hint">
          Your coach sees your mood and craving numbers. Your note stays private unless you tick this.
        </p>
        <fieldset className={errors.fields.feels_safe ? "field field--invalid" : "field"}>
          <legend>Are you safe right now?</legend>
          {errors.fields.feels_safe ? <p className="field__errors">{errors.fields.feels_safe.join(" ")}</p> : null}
          <div className="choice-row">
            {(["yes", "no", "prefer_not"] as const).map((value) => (
              <label key={value} className="check">
                <input
                  type="radio"
                  name="feels_safe"
                  value={value}
                  checked={draft.safe === value}
                  onChange={() => update({ safe: value })}
                />
                {SAFE_LABELS[value]}
              </label>
            ))}
          </div>
        </fieldset>
        {needsSupport ? <SupportNow /> : null}
        <div className="form__actions">
          <button type="submit" className="button">
            Continue
          </button>
          <button type="button" className="button button--quiet" disabled={sending} onClick={onSendNow}>
            {sending ? "Sending…" : "Send my check-in now"}
          </button>
        </div>
        <p className="form__aside">Continue to choose optional questionnaires, one question at a time.</p>
      </form>
    </section>
  );
}

interface OfferStepProps {
  index: number;
  answered: boolean;
  onAnswer: () => void;
  onSkip: () => void;
  onBack: () => void;
  onSendNow: () => void;
  needsSupport: boolean;
}

function OfferStep({ index, answered, onAnswer, onSkip, onBack, onSendNow, needsSupport }: OfferStepProps) {
  const instrument = INSTRUMENTS[index]!;
  return (
    <section className="card" aria-labelledby="offer-heading">
      <p className="question__progress">
        Optional questionnaire {index + 1} of {INSTRUMENTS.length}
      </p>
      <StepHeading id="offer-heading" stageKey={`offer-${index}`}>
        {`Would you like to answer the ${instrument.name}?`}
      </StepHeading>
      <p>{instrument.about}</p>
      <p className="muted">
        It's up to you: your check-in counts either way. {answered ? "You've answered this one already." : ""}
      </p>
      {needsSupport ? <SupportNow /> : null}
      <div className="form__actions">
        <button type="button" className="button" onClick={onAnswer}>
          {answered ? `Change my ${instrument.name} answers` : `Answer the ${instrument.name}`}
        </button>
        <button type="button" className="button button--quiet" onClick={onSkip}>
          {answered ? "Keep my answers and go on" : "Skip this one"}
        </button>
      </div>
      <div className="subtle-actions">
        <button type="button" className="button button--quiet button--small" onClick={onBack}>
          Back
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onSendNow}>
          I'm done: review and send
        </button>
      </div>
      <p className="crisis-line__source">Source: {instrument.source}</p>
    </section>
  );
}

interface ReviewStepProps {
  draft: CheckInDraft;
  general: string | null;
  sending: boolean;
  needsSupport: boolean;
  onSend: () => void;
  onChange: () => void;
}

function ReviewStep({ draft, general, sending, needsSupport, onSend, onChange }: ReviewStepProps) {
  const answered = INSTRUMENTS.filter((instrument) => draft.finished[instrument.key]).map((instrument) => instrument.name);
  const note = draft.note.trim();
  return (
    <section className="card" aria-labelledby="review-heading">
      <StepHeading id="review-heading" stageKey="review">
        Ready to send
      </StepHeading>
      <dl className="facts facts--wide">
        <div>
          <dt>Mood</dt>
          <dd>{draft.mood} out of 10</dd>
        </div>
        <div>
          <dt>Cravings</dt>
          <dd>{draft.craving} out of 10</dd>
        </div>
        <div>
          <dt>Note</dt>
          <dd>{note ? (draft.noteShared ? "Shared with your coach" : "Private to you") : "No note"}</dd>
        </div>
        <div>
          <dt>Safe right now</dt>
          <dd>{draft.safe ? SAFE_LABELS[draft.safe] : "Not answered"}</dd>
        </div>
        <div>
          <dt>Questionnaires</dt>
          <dd>{answered.length ? answered.join(", ") : "None this time"}</dd>
        </div>
      </dl>
      {needsSupport ? <SupportNow /> : null}
      <FormAlert message={general} />
      <div className="form__actions">
        <button type="button" className="button" disabled={sending} onClick={onSend}>
          {sending ? "Sending…" : "Send my check-in"}
        </button>
        <button type="button" className="button button--quiet" onClick={onChange}>
          Change something
        </button>
      </div>
    </section>
  );
}
