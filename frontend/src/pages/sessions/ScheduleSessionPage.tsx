import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { buildRRule, describeRepeat, MAX_SESSIONS, WEEKDAYS, type Repeat } from "../../lib/rrule";
import { toRfc3339InZone, todayInZone, weekdayOfDate, type WeekdayCode } from "../../lib/zonedTime";
import { facilitatesGroup, useGroup, type GroupDetail } from "../groups/queries";
import { contentWarningsProblem, parseContentWarnings } from "./contentWarnings";
import { invalidateSessions, type SessionCreate } from "./queries";
import {
  AboutFields,
  PlaceFields,
  SESSION_FIELDS,
  TitleFields,
  WhenFields,
  type SessionDetailsValues,
  type SessionField,
} from "./SessionFields";

export function ScheduleSessionPage() {
  const { groupId = "" } = useParams();
  const result = useGroup(groupId);
  const group = result.data?.group;
  usePageTitle("Schedule a session");
  return (
    <article className="page page--form">
      <p className="breadcrumb">
        <Link to={`/groups/${groupId}`}>{group?.name ?? "Back to the group"}</Link>
      </p>
      <h1>Schedule a session</h1>
      {result.isPending ? <p>Loading…</p> : null}
      {result.isError ? <QueryError error={result.error} onRetry={() => void result.refetch()} /> : null}
      {group && !facilitatesGroup(group) ? <p className="card">Only this group's facilitators can schedule its sessions.</p> : null}
      {group && facilitatesGroup(group) ? <ScheduleForm group={group} /> : null}
    </article>
  );
}

interface ScheduleValues extends SessionDetailsValues {
  repeat: Repeat;
  weekdays: WeekdayCode[];
  count: string;
}

function ScheduleForm({ group }: { group: GroupDetail }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const repeatName = useId();
  const [values, setValues] = useState<ScheduleValues>(() => {
    const date = todayInZone(group.time_zone, Date.now() + 7 * 86_400_000);
    return {
      title: "",
      topic: "",
      description: "",
      date,
      time: "19:00",
      duration: "90",
      capacity: "12",
      onlineUrl: "",
      location: "",
      contentWarnings: "",
      repeat: "none",
      weekdays: [weekdayOfDate(date) ?? "MO"],
      count: "12",
    };
  });
  const [errors, setErrors] = useState<FormErrors<SessionField>>(NO_ERRORS);
  const repeatChoice = useMemo(
    () => ({ repeat: values.repeat, weekdays: values.weekdays, count: Number(values.count), firstDate: values.date }),
    [values.repeat, values.weekdays, values.count, values.date],
  );

  function update<K extends keyof ScheduleValues>(name: K, value: ScheduleValues[K]) {
    setValues((current) => {
      const next = { ...current, [name]: value };
      // Moving the first date moves a single chosen weekday with it (the common case).
      if (name === "date" && current.weekdays.length === 1 && current.weekdays[0] === weekdayOfDate(current.date)) {
        const day = weekdayOfDate(String(value));
        if (day) next.weekdays = [day];
      }
      return next;
    });
    idempotencyKey.current = crypto.randomUUID();
  }

  const create = useMutation({
    mutationFn: async (body: SessionCreate) =>
      (
        await unwrap(
          api.POST("/api/v1/groups/{group_id}/sessions", {
            params: { path: { group_id: group.id }, header: { "Idempotency-Key": idempotencyKey.current } },
            body,
          }),
        )
      ).data,
    onSuccess: async (page) => {
      await invalidateSessions(queryClient);
      const count = page.items.length;
      navigate(`/groups/${group.id}`, {
        state: { notice: count === 1 ? "The session is scheduled." : `${count} sessions are scheduled.` },
      });
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, SESSION_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  function fail(fields: FormErrors<SessionField>["fields"]) {
    setErrors({ fields, general: "Some answers need another look: see the messages by each field." });
    requestAnimationFrame(() => focusFirstInvalid(formRef.current));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    const startsAt = toRfc3339InZone({ date: values.date, time: values.time }, group.time_zone);
    if (!startsAt) return fail({ starts_at: ["Choose a date and a start time."] });
    const rule = buildRRule(repeatChoice);
    if (!rule.ok) {
      return fail(
        rule.field === "first_date" ? { starts_at: [rule.message] } : rule.field === "weekdays" ? { weekdays: [rule.message] } : { count: [rule.message] },
      );
    }
    const warnings = parseContentWarnings(values.contentWarnings);
    const warningsProblem = contentWarningsProblem(warnings);
    if (warningsProblem) return fail({ content_warnings: [warningsProblem] });
    create.mutate({
      title: values.title.trim(),
      starts_at: startsAt,
      time_zone: group.time_zone,
      duration_minutes: Number(values.duration),
      capacity: Number(values.capacity),
      content_warnings: warnings,
      ...(rule.rrule ? { rrule: rule.rrule } : {}),
      ...(values.topic.trim() ? { topic: values.topic.trim() } : {}),
      ...(values.description.trim() ? { description: values.description.trim() } : {}),
      ...(values.onlineUrl.trim() && group.format !== "in_person" ? { online_url: values.onlineUrl.trim() } : {}),
      ...(values.location.trim() && group.format !== "online" ? { location: values.location.trim() } : {}),
    });
  }

  const updateText = (name: keyof SessionDetailsValues, value: string) => update(name, value);
  const repeatErrors = [...(errors.fields.rrule ?? [])];

  return (
    <form ref={formRef} className="card form" onSubmit={submit} noValidate>
      <p className="form__context">
        For <strong>{group.name}</strong>
      </p>
      <FormAlert message={errors.general} />
      <div className="form-section form-section--first">
        <TitleFields values={values} errors={errors.fields} update={updateText} />
      </div>
      <WhenFields values={values} errors={errors.fields} update={updateText} timeZone={group.time_zone} dateLabel="First date" />

      <fieldset className={repeatErrors.length ? "form-section field--invalid" : "form-section"}>
        <legend>Repeat</legend>
        {repeatErrors.length ? <p className="field__errors">{repeatErrors.join(" ")}</p> : null}
        <div className="choice-row">
          {(
            [
              ["none", "Just once"],
              ["weekly", "Every week"],
              ["fortnightly", "Every 2 weeks"],
            ] as const
          ).map(([repeat, label]) => (
            <label key={repeat} className="check">
              <input type="radio" name={repeatName} checked={values.repeat === repeat} onChange={() => update("repeat", repeat)} />
              {label}
            </label>
          ))}
        </div>

        {values.repeat === "weekly" ? (
          <fieldset className={errors.fields.weekdays?.length ? "field field--invalid" : "field"} aria-describedby={errors.fields.weekdays?.length ? "weekdays-errors" : undefined}>
            <legend>On</legend>
            {errors.fields.weekdays?.length ? (
              <p className="field__errors" id="weekdays-errors">
                {errors.fields.weekdays.join(" ")}
              </p>
            ) : null}
            <div className="weekday-picker">
              {WEEKDAYS.map((day) => (
                <label key={day.code} className="weekday">
                  <input
                    type="checkbox"
                    checked={values.weekdays.includes(day.code)}
                    aria-invalid={errors.fields.weekdays?.length ? true : undefined}
                    onChange={(event) =>
                      update("weekdays", event.target.checked ? [...values.weekdays, day.code] : values.weekdays.filter((code) => code !== day.code))
                    }
                  />
                  <span aria-hidden="true">{day.short}</span>
                  <span className="visually-hidden">{day.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}

        {values.repeat !== "none" ? (
          <>
            <Field label="Number of sessions" name="count" errors={errors.fields.count} hint={`Including the first, up to ${MAX_SESSIONS}.`}>
              {(control) => (
                <input {...control} type="number" inputMode="numeric" min={2} max={MAX_SESSIONS} value={values.count} onChange={(event) => update("count", event.target.value)} />
              )}
            </Field>
            <p className="repeat-summary" aria-live="polite">
              {describeRepeat(repeatChoice)}.
            </p>
          </>
        ) : null}
      </fieldset>

      <div className="form-section">
        <h2 className="form-section__title">Booking</h2>
        <PlaceFields values={values} errors={errors.fields} update={updateText} format={group.format} />
      </div>
      <div className="form-section">
        <h2 className="form-section__title">For members to know</h2>
        <AboutFields values={values} errors={errors.fields} update={updateText} />
      </div>

      <div className="form__actions">
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? "Scheduling…" : values.repeat === "none" ? "Schedule the session" : "Schedule the sessions"}
        </button>
        <Link to={`/groups/${group.id}`} className="button button--quiet">
          Back to the group
        </Link>
      </div>
    </form>
  );
}
