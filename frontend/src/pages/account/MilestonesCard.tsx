import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Field } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { formatDate, todayIso } from "../../lib/dates";
import { present } from "../../lib/present";
import { ApiError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { profileKey, useMyProfile, type MemberUpdate, type ProfileWithVersion } from "./queries";
import "../coaching/coaching.css";

export type Milestones = components["schemas"]["Milestones"];
export type NextMilestone = components["schemas"]["NextMilestone"];

export const milestonesKey = ["members", "me", "milestones"] as const;

/**
 * Everything the card says, in one place: celebrating, never judging. A new start date is a
 * fresh start, not a failure, and the words never say otherwise.
 */
export const MILESTONE_COPY = {
  intro: "Private: only you can see this.",
  noDate: "You haven't set a recovery start date. It's optional, and only you will see it.",
  hidden: "Your day counter is hidden. Your start date is still saved, privately, and you can show it again whenever you like.",
  firstDateSaved: "Your start date is saved. Every day counts.",
  newDateSet: "A new start date is set. Every day counts.",
  dateRemoved: "Your start date is removed. You can add one again whenever you like.",
  counterHidden: "Your day counter is hidden.",
  counterShown: "Your day counter is showing again.",
  newDateHint:
    "Starting again takes courage. A new date doesn't take away anything you've learned or the days you've already lived through.",
  firstDateHint: "The day your recovery began, as you count it. Only you will see it.",
  changedElsewhere: "Your profile was changed somewhere else just now. The latest version is loaded: please try again.",
} as const;

/** "Day one" on the first day, then "1 day", "45 days", "1,234 days". */
export function dayCountText(days: number): string {
  if (days <= 0) return "Day one";
  return days === 1 ? "1 day" : `${days.toLocaleString("en-GB")} days`;
}

/** "Next: 90 days on 15 April 2026, 12 days to go." */
export function nextMilestoneText(next: NextMilestone): string {
  const toGo = next.days_to_go === 1 ? "1 day to go" : `${next.days_to_go} days to go`;
  return `Next: ${next.label} on ${formatDate(next.date)}, ${toGo}.`;
}

/** What to say after a start date change: a first date, a new one, or none. */
export function startDateMessage(before: string | null, after: string | null): string {
  if (!after) return MILESTONE_COPY.dateRemoved;
  return before ? MILESTONE_COPY.newDateSet : MILESTONE_COPY.firstDateSaved;
}

export function useMilestones() {
  return useQuery({
    queryKey: milestonesKey,
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/members/me/milestones", { signal }))).data,
  });
}

function useUpdateProfile(onSaved: (changes: MemberUpdate) => void, onFailed: (error: unknown) => void) {
  const queryClient = useQueryClient();
  const me = useMyProfile();
  return useMutation({
    mutationFn: async (changes: MemberUpdate) => {
      const etag = me.data?.etag;
      const { data, response } = await unwrap(
        api.PATCH("/api/v1/members/me", { body: changes, params: { header: etag ? { "If-Match": etag } : {} } }),
      );
      return { profile: data, etag: response.headers.get("ETag") } satisfies ProfileWithVersion;
    },
    onSuccess: async (next, changes) => {
      queryClient.setQueryData(profileKey, next);
      await queryClient.invalidateQueries({ queryKey: milestonesKey });
      onSaved(changes);
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 412) {
        await queryClient.invalidateQueries({ queryKey: profileKey });
      }
      onFailed(error);
    },
  });
}

interface MilestonesCardProps {
  /** The card's heading level: 2 on a page of its own sections (default), 3 inside another section. */
  headingLevel?: 2 | 3;
}

/**
 * Days since the member's private recovery start date (if they choose to show it), the
 * milestones reached, the next one, and kind controls to hide the counter or set a new date.
 */
export function MilestonesCard({ headingLevel = 2 }: MilestonesCardProps) {
  const milestones = useMilestones();
  const headingId = useId();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const SubHeading = headingLevel === 2 ? "h3" : "h4";
  const [status, setStatus] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);
  const data = milestones.data;
  const next = present<NextMilestone, "label">(data?.next, "label");

  const toggle = useUpdateProfile(
    (changes) => setStatus(changes.show_recovery_counter ? MILESTONE_COPY.counterShown : MILESTONE_COPY.counterHidden),
    (error) =>
      setGeneral(error instanceof ApiError && error.status === 412 ? MILESTONE_COPY.changedElsewhere : formErrorsFrom(error, []).general),
  );

  return (
    <section className="card milestones" aria-labelledby={headingId}>
      <Heading id={headingId}>Your recovery milestones</Heading>
      <p className="muted">{MILESTONE_COPY.intro}</p>
      {milestones.isPending ? <p>Loading…</p> : null}
      {milestones.isError ? <QueryError error={milestones.error} onRetry={() => void milestones.refetch()} /> : null}
      {data ? (
        <>
          {!data.start_date ? (
            <p>{MILESTONE_COPY.noDate}</p>
          ) : data.shown ? (
            <>
              <p className="day-count">{dayCountText(data.days ?? 0)}</p>
              <p>since {formatDate(data.start_date)}</p>
              {data.reached.length ? (
                <>
                  <SubHeading>Milestones reached</SubHeading>
                  <ul className="milestone-list">
                    {data.reached.map((milestone) => (
                      <li key={milestone.label} className="badge badge--earned">
                        {milestone.label}
                        <span className="visually-hidden">, on {formatDate(milestone.date)}</span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {next ? <p>{nextMilestoneText(next)}</p> : null}
            </>
          ) : (
            <p>{MILESTONE_COPY.hidden}</p>
          )}
          <StatusMessage message={status} />
          <FormAlert message={general} />
          <div className="subtle-actions">
            {data.start_date ? (
              <button
                type="button"
                className="button button--quiet button--small"
                disabled={toggle.isPending}
                onClick={() => {
                  setStatus(null);
                  setGeneral(null);
                  toggle.mutate({ show_recovery_counter: !data.shown });
                }}
              >
                {data.shown ? "Hide my day counter" : "Show my day counter"}
              </button>
            ) : null}
            {data.start_date && !changing ? (
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() => {
                  setStatus(null);
                  setChanging(true);
                }}
              >
                Set a new start date
              </button>
            ) : null}
          </div>
          {!data.start_date || changing ? (
            <StartDateForm
              current={data.start_date}
              onDone={(message) => {
                setChanging(false);
                if (message) setStatus(message);
              }}
              onCancel={data.start_date ? () => setChanging(false) : undefined}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function StartDateForm({
  current,
  onDone,
  onCancel,
}: {
  current: string | null;
  onDone: (message?: string) => void;
  onCancel?: () => void;
}) {
  const [value, setValue] = useState(current ? todayIso() : "");
  const [errors, setErrors] = useState<FormErrors<"recovery_start_date">>(NO_ERRORS);
  const save = useUpdateProfile(
    (changes) => onDone(startDateMessage(current, changes.recovery_start_date ?? null)),
    (error) =>
      setErrors(
        error instanceof ApiError && error.status === 412
          ? { fields: {}, general: MILESTONE_COPY.changedElsewhere }
          : formErrorsFrom(error, ["recovery_start_date"] as const),
      ),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    if (!value) {
      setErrors({ fields: { recovery_start_date: ["Choose a date, or leave this for now."] }, general: null });
      return;
    }
    save.mutate({ recovery_start_date: value, ...(current ? {} : { show_recovery_counter: true }) });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={current ? "Set a new start date" : "Set your start date"}>
      <FormAlert message={errors.general} />
      <Field
        label={current ? "New start date" : "Recovery start date"}
        name="recovery_start_date"
        hint={current ? MILESTONE_COPY.newDateHint : MILESTONE_COPY.firstDateHint}
        errors={errors.fields.recovery_start_date}
      >
        {(control) => (
          <input {...control} type="date" max={todayIso()} value={value} onChange={(event) => setValue(event.target.value)} />
        )}
      </Field>
      <div className="form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? "Saving…" : current ? "Set the new date" : "Save my start date"}
        </button>
        {onCancel ? (
          <>
            <button type="button" className="button button--quiet" onClick={onCancel}>
              Keep my current date
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={save.isPending}
              onClick={() => save.mutate({ recovery_start_date: null })}
            >
              Remove my start date
            </button>
          </>
        ) : null}
      </div>
    </form>
  );
}
