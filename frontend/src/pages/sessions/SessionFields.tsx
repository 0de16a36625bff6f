import { Field } from "../../components/Field";
import { formatSessionWhen, zoneAbbreviation } from "../../lib/dates";
import type { FieldErrors } from "../../lib/problems";
import { timeZoneLabel } from "../../lib/timeZones";
import { formatOffset, offsetMinutes, toRfc3339InZone } from "../../lib/zonedTime";

/** The parts of a session both the schedule and the edit form ask for. */
export interface SessionDetailsValues {
  title: string;
  topic: string;
  description: string;
  date: string;
  time: string;
  duration: string;
  capacity: string;
  onlineUrl: string;
  location: string;
  contentWarnings: string;
}

export const SESSION_FIELDS = [
  "title",
  "topic",
  "description",
  "starts_at",
  "duration_minutes",
  "capacity",
  "online_url",
  "location",
  "content_warnings",
  "time_zone",
  "rrule",
  "weekdays",
  "count",
] as const;
export type SessionField = (typeof SESSION_FIELDS)[number];

export const DURATIONS = [30, 45, 60, 75, 90, 105, 120, 150, 180];

interface FieldsProps {
  values: SessionDetailsValues;
  errors: FieldErrors<SessionField>;
  update: (name: keyof SessionDetailsValues, value: string) => void;
}

export function TitleFields({ values, errors, update }: FieldsProps) {
  return (
    <>
      <Field label="Title" name="title" errors={errors.title} hint="For example: Tuesday sharing circle.">
        {(control) => (
          <input {...control} type="text" required minLength={3} maxLength={120} value={values.title} onChange={(event) => update("title", event.target.value)} />
        )}
      </Field>
      <Field label="Theme" name="topic" tag="optional" errors={errors.topic} hint="A focus for this session, such as “Boundaries”.">
        {(control) => <input {...control} type="text" maxLength={120} value={values.topic} onChange={(event) => update("topic", event.target.value)} />}
      </Field>
    </>
  );
}

/** Date and start time in the group's zone, with the zone and offset shown plainly. */
export function WhenFields({ values, errors, update, timeZone, dateLabel = "Date" }: FieldsProps & { timeZone: string; dateLabel?: string }) {
  const startsAt = toRfc3339InZone({ date: values.date, time: values.time }, timeZone);
  const at = startsAt ? new Date(startsAt) : new Date();
  const zoneNote = `${timeZoneLabel(timeZone)} (${zoneAbbreviation(timeZone, at)}, UTC${formatOffset(offsetMinutes(at.getTime(), timeZone))})`;
  return (
    <fieldset className="form-section when">
      <legend>When</legend>
      <p className="field__hint when__zone">Times are in the group's time zone: {zoneNote}.</p>
      <div className="form__row form__row--tight">
        <Field label={dateLabel} name="date" errors={errors.starts_at}>
          {(control) => <input {...control} type="date" required value={values.date} onChange={(event) => update("date", event.target.value)} />}
        </Field>
        <Field label="Start time" name="time">
          {(control) => <input {...control} type="time" required step={300} value={values.time} onChange={(event) => update("time", event.target.value)} />}
        </Field>
        <Field label="Length" name="duration_minutes" errors={errors.duration_minutes}>
          {(control) => (
            <select {...control} value={values.duration} onChange={(event) => update("duration", event.target.value)}>
              {[...new Set([...DURATIONS, Number(values.duration)])]
                .filter((minutes) => minutes > 0)
                .sort((a, b) => a - b)
                .map((minutes) => (
                  <option key={minutes} value={String(minutes)}>
                    {minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : minutes > 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} minutes`}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      {startsAt ? (
        <p className="when__preview" aria-live="polite">
          Starts {formatSessionWhen(startsAt, new Date(Date.parse(startsAt) + Number(values.duration) * 60_000).toISOString(), timeZone)}
        </p>
      ) : null}
    </fieldset>
  );
}

export function PlaceFields({ values, errors, update, format }: FieldsProps & { format: string }) {
  const online = format !== "in_person";
  const inPerson = format !== "online";
  return (
    <>
      <Field label="Places" name="capacity" errors={errors.capacity} hint="How many people can book. Others can join a waitlist.">
        {(control) => (
          <input {...control} type="number" inputMode="numeric" required min={1} max={1000} value={values.capacity} onChange={(event) => update("capacity", event.target.value)} />
        )}
      </Field>
      {online ? (
        <Field label="Online meeting link" name="online_url" tag={inPerson ? "optional" : undefined} errors={errors.online_url} hint="Shown only to people with a confirmed place.">
          {(control) => (
            <input {...control} type="url" inputMode="url" maxLength={500} placeholder="https://" value={values.onlineUrl} onChange={(event) => update("onlineUrl", event.target.value)} />
          )}
        </Field>
      ) : null}
      {inPerson ? (
        <Field label="Room or meeting point" name="location" tag="optional" errors={errors.location} hint="Shown only to members of the group.">
          {(control) => <input {...control} type="text" maxLength={300} value={values.location} onChange={(event) => update("location", event.target.value)} />}
        </Field>
      ) : null}
    </>
  );
}

export function AboutFields({ values, errors, update }: FieldsProps) {
  return (
    <>
      <Field
        label="Content notes"
        name="content_warnings"
        tag="optional"
        errors={errors.content_warnings}
        hint="Subjects that may come up, separated by commas (for example: relapse, grief). Members see these first, so they can choose."
      >
        {(control) => (
          <input {...control} type="text" value={values.contentWarnings} onChange={(event) => update("contentWarnings", event.target.value)} />
        )}
      </Field>
      <Field label="Description" name="description" tag="optional" errors={errors.description}>
        {(control) => (
          <textarea {...control} rows={3} maxLength={4000} value={values.description} onChange={(event) => update("description", event.target.value)} />
        )}
      </Field>
    </>
  );
}
