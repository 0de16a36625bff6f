import { useId, useMemo, useState, type FormEvent, type RefObject } from "react";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { COMMON_LANGUAGES, COMMON_REGIONS, FORMAT_LABELS, FORMATS, TOPIC_LABELS, TOPICS, type Topic } from "../../lib/filters";
import type { FormErrors } from "../../lib/problems";
import { listTimeZones, timeZoneLabel } from "../../lib/timeZones";
import { languageName, regionName } from "../crisis/region";
import type { GroupDetail, GroupWrite } from "./queries";

export const GROUP_FIELDS = [
  "name",
  "description",
  "topics",
  "format",
  "area",
  "address",
  "region",
  "language",
  "time_zone",
  "join_policy",
  "visibility",
  "is_free",
  "cost_note",
  "guidelines",
] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

export interface GroupFormValues {
  name: string;
  description: string;
  topics: Topic[];
  format: GroupWrite["format"];
  area: string;
  address: string;
  region: string;
  language: string;
  time_zone: string;
  join_policy: GroupWrite["join_policy"];
  visibility: GroupWrite["visibility"];
  is_free: boolean;
  cost_note: string;
  guidelines: string;
}

export const MAX_TOPICS = 5;

export function valuesFromGroup(group: GroupDetail): GroupFormValues {
  return {
    name: group.name,
    description: group.description,
    topics: group.topics.filter((topic): topic is Topic => topic in TOPIC_LABELS),
    format: group.format,
    area: group.area ?? "",
    address: group.address ?? "",
    region: group.region,
    language: group.language,
    time_zone: group.time_zone,
    join_policy: group.join_policy,
    visibility: group.visibility,
    is_free: group.is_free,
    cost_note: group.cost_note ?? "",
    guidelines: "",
  };
}

/** The body for POST /groups: empty optional text becomes null. */
export function groupWriteFrom(values: GroupFormValues): GroupWrite {
  return {
    name: values.name.trim(),
    description: values.description.trim(),
    topics: values.topics,
    format: values.format,
    area: values.area.trim() || null,
    address: values.address.trim() || null,
    region: values.region,
    language: values.language,
    time_zone: values.time_zone,
    join_policy: values.join_policy,
    visibility: values.visibility,
    is_free: values.is_free,
    cost_note: values.is_free ? null : values.cost_note.trim() || null,
    guidelines: values.guidelines.trim(),
  };
}

interface GroupFormProps {
  initial: GroupFormValues;
  mode: "create" | "edit";
  errors: FormErrors<GroupField>;
  pending: boolean;
  submitLabel: string;
  formRef?: RefObject<HTMLFormElement | null>;
  onSubmit: (values: GroupFormValues) => void;
  onChange?: () => void;
}

/** What a group is, where and how it meets, and who can join. Guidelines only when creating. */
export function GroupForm({ initial, mode, errors, pending, submitLabel, formRef, onSubmit, onChange }: GroupFormProps) {
  const [values, setValues] = useState<GroupFormValues>(initial);
  const zones = useMemo(() => listTimeZones(initial.time_zone), [initial.time_zone]);
  const languages = useMemo(() => [...new Set([...COMMON_LANGUAGES, initial.language])], [initial.language]);
  const regions = useMemo(() => [...new Set([...COMMON_REGIONS, initial.region])], [initial.region]);
  const topicsHintId = useId();
  const topicsErrorId = useId();
  const idPrefix = useId();

  function update<K extends keyof GroupFormValues>(name: K, value: GroupFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    onChange?.();
  }

  function toggleTopic(topic: Topic, on: boolean) {
    update("topics", on ? [...values.topics, topic] : values.topics.filter((item) => item !== topic));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(values);
  }

  const meetsInPerson = values.format !== "online";

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <FormAlert message={errors.general} />
      <Field label="Group name" name="name" errors={errors.fields.name} hint="3 to 120 characters. Say who it's for and when it meets.">
        {(control) => (
          <input {...control} type="text" required minLength={3} maxLength={120} value={values.name} onChange={(event) => update("name", event.target.value)} />
        )}
      </Field>
      <Field label="Description" name="description" errors={errors.fields.description} hint="Who the group is for and what a session is like. Shown to everyone who can find the group.">
        {(control) => (
          <textarea {...control} rows={5} required minLength={10} maxLength={4000} value={values.description} onChange={(event) => update("description", event.target.value)} />
        )}
      </Field>

      <fieldset
        className={errors.fields.topics?.length ? "field field--invalid" : "field"}
        aria-describedby={[errors.fields.topics?.length ? topicsErrorId : null, topicsHintId].filter(Boolean).join(" ")}
      >
        <legend>Topics</legend>
        <p className="field__hint" id={topicsHintId}>
          Choose 1 to {MAX_TOPICS}, so people can find the group.
        </p>
        {errors.fields.topics?.length ? (
          <ul className="field__errors" id={topicsErrorId}>
            {errors.fields.topics.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        <div className="choice-grid">
          {TOPICS.map((topic) => {
            const checked = values.topics.includes(topic);
            return (
              <label key={topic} className="check">
                <input
                  type="checkbox"
                  name="topics"
                  value={topic}
                  checked={checked}
                  disabled={!checked && values.topics.length >= MAX_TOPICS}
                  onChange={(event) => toggleTopic(topic, event.target.checked)}
                />
                {TOPIC_LABELS[topic]}
              </label>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="field">
        <legend>How it meets</legend>
        {errors.fields.format?.length ? <p className="field__errors">{errors.fields.format.join(" ")}</p> : null}
        <div className="choice-row">
          {FORMATS.map((format) => (
            <label key={format} className="check">
              <input type="radio" name="format" value={format} checked={values.format === format} onChange={() => update("format", format)} />
              {FORMAT_LABELS[format]}
            </label>
          ))}
        </div>
      </fieldset>

      <Field
        label="Area"
        name="area"
        errors={errors.fields.area}
        tag={meetsInPerson ? undefined : "optional"}
        hint={meetsInPerson ? "A town or neighbourhood, shown publicly. The full address stays private." : "Optional: where most members are."}
      >
        {(control) => <input {...control} type="text" maxLength={120} value={values.area} onChange={(event) => update("area", event.target.value)} />}
      </Field>
      {meetsInPerson ? (
        <Field label="Address" name="address" errors={errors.fields.address} tag="members only" hint="Shown only to members of the group.">
          {(control) => (
            <textarea {...control} rows={2} maxLength={300} value={values.address} onChange={(event) => update("address", event.target.value)} />
          )}
        </Field>
      ) : null}

      <div className="form__row">
        <Field label="Country or region" name="region" errors={errors.fields.region}>
          {(control) => (
            <select {...control} value={values.region} onChange={(event) => update("region", event.target.value)}>
              {regions.map((code) => (
                <option key={code} value={code}>
                  {regionName(code)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Language" name="language" errors={errors.fields.language}>
          {(control) => (
            <select {...control} value={values.language} onChange={(event) => update("language", event.target.value)}>
              {languages.map((code) => (
                <option key={code} value={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Time zone" name="time_zone" errors={errors.fields.time_zone} hint="Session times are set in this zone, so 19:00 stays 19:00 when the clocks change.">
        {(control) => (
          <select {...control} value={values.time_zone} onChange={(event) => update("time_zone", event.target.value)}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {timeZoneLabel(zone)}
              </option>
            ))}
          </select>
        )}
      </Field>

      <fieldset className="field">
        <legend>Who can join</legend>
        {errors.fields.join_policy?.length ? <p className="field__errors">{errors.fields.join_policy.join(" ")}</p> : null}
        <label className="check">
          <input type="radio" name="join_policy" checked={values.join_policy === "open"} onChange={() => update("join_policy", "open")} />
          Anyone, straight away
        </label>
        <label className="check">
          <input type="radio" name="join_policy" checked={values.join_policy === "approval"} onChange={() => update("join_policy", "approval")} />
          Anyone can ask; a facilitator approves
        </label>
        <label className="check">
          <input type="radio" name="join_policy" checked={values.join_policy === "invite"} onChange={() => update("join_policy", "invite")} />
          Only people with an invitation code
        </label>
      </fieldset>

      <fieldset className="field">
        <legend>Who can find it</legend>
        <label className="check">
          <input type="radio" name="visibility" checked={values.visibility === "public"} onChange={() => update("visibility", "public")} />
          Listed: signed-in members can find it
        </label>
        <label className="check">
          <input type="radio" name="visibility" checked={values.visibility === "private"} onChange={() => update("visibility", "private")} />
          Unlisted: only its members see it
        </label>
      </fieldset>

      <div className="check check--boxed">
        <input id={`${idPrefix}-free`} type="checkbox" checked={values.is_free} onChange={(event) => update("is_free", event.target.checked)} />
        <label htmlFor={`${idPrefix}-free`}>Free to attend</label>
      </div>
      {values.is_free ? null : (
        <Field label="About the cost" name="cost_note" errors={errors.fields.cost_note} hint="For example: £3 for the room, pay what you can.">
          {(control) => (
            <input {...control} type="text" maxLength={200} value={values.cost_note} onChange={(event) => update("cost_note", event.target.value)} />
          )}
        </Field>
      )}

      {mode === "create" ? (
        <Field
          label="Group guidelines"
          name="guidelines"
          errors={errors.fields.guidelines}
          hint="Members read and accept these before they join. For example: what is said here stays here; speak from your own experience; no advice unless asked."
        >
          {(control) => (
            <textarea {...control} rows={8} required minLength={20} maxLength={20000} value={values.guidelines} onChange={(event) => update("guidelines", event.target.value)} />
          )}
        </Field>
      ) : null}

      <div className="form__actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
