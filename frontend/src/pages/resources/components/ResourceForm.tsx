import { useRef, useState, type FormEvent } from "react";
import { Field } from "../../../components/Field";
import { FormAlert } from "../../../components/FormAlert";
import type { FormErrors } from "../../../lib/problems";
import { regionName } from "../../crisis/region";
import { COMMON_REGIONS, COST_LABELS, COSTS, KIND_LABELS, KINDS, withCurrent } from "../labels";
import type { ResourceField, ResourceFormValues } from "../resourceForm";
import { ResidenceFields } from "./ResidenceFields";
import { useFocusOnErrors } from "./useFocusOnErrors";

interface ResourceFormProps {
  initial: ResourceFormValues;
  errors: FormErrors<ResourceField>;
  pending: boolean;
  submitLabel: string;
  onSubmit: (values: ResourceFormValues) => void;
  onChange?: () => void;
}

/** Everything a directory entry says, grouped as a member reads it: what, how to reach, where, when, who. */
export function ResourceForm({ initial, errors, pending, submitLabel, onSubmit, onChange }: ResourceFormProps) {
  const [values, setValues] = useState<ResourceFormValues>(initial);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);
  const field = errors.fields;

  function update<K extends keyof ResourceFormValues>(name: K, value: ResourceFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    onChange?.();
  }

  function text(name: Exclude<keyof ResourceFormValues, "is_online" | "is_24_7" | "kind" | "cost" | "narr_level" | "residence_gender" | "accepts_mat">) {
    return { value: values[name], onChange: (event: { target: { value: string } }) => update(name, event.target.value) };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(values);
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <FormAlert message={errors.general} />
      <fieldset>
        <legend>What it is</legend>
        <Field label="Name" name="name" errors={field.name}>
          {(control) => <input {...control} type="text" required minLength={2} maxLength={200} {...text("name")} />}
        </Field>
        <Field label="Type of support" name="kind" errors={field.kind}>
          {(control) => (
            <select {...control} value={values.kind} onChange={(event) => update("kind", event.target.value as ResourceFormValues["kind"])}>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Description" name="description" errors={field.description} hint="What they offer and what it's like to get in touch. 10 to 4,000 characters.">
          {(control) => <textarea {...control} rows={5} required minLength={10} maxLength={4000} {...text("description")} />}
        </Field>
        <Field label="Topics" name="tags" errors={field.tags} tag="optional" hint="Up to 10, separated by commas, e.g. gambling, family, debt.">
          {(control) => <input {...control} type="text" {...text("tags")} />}
        </Field>
        <Field label="Certification" name="certification" errors={field.certification} tag="optional" hint="Accreditation or licence, e.g. “Certified by FARR (NARR affiliate)”.">
          {(control) => <input {...control} type="text" maxLength={200} {...text("certification")} />}
        </Field>
      </fieldset>

      {values.kind === "sober_living" ? <ResidenceFields values={values} errors={field} update={update} /> : null}

      <fieldset>
        <legend>How to get in touch</legend>
        <Field label="Phone" name="phone" errors={field.phone} tag="optional" hint="As people should dial it, e.g. 0800 123 456 or +44 20 7946 0000.">
          {(control) => <input {...control} type="tel" autoComplete="off" {...text("phone")} />}
        </Field>
        <Field label="Text (SMS) number" name="sms" errors={field.sms} tag="optional">
          {(control) => <input {...control} type="tel" autoComplete="off" {...text("sms")} />}
        </Field>
        <Field label="Website" name="url" errors={field.url} tag="optional" hint="Starting with https://">
          {(control) => <input {...control} type="url" maxLength={500} {...text("url")} />}
        </Field>
        <Field label="Email" name="email" errors={field.email} tag="optional">
          {(control) => <input {...control} type="email" autoComplete="off" maxLength={254} {...text("email")} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Where</legend>
        <label className="resource-check">
          <input type="checkbox" name="is_online" checked={values.is_online} onChange={(event) => update("is_online", event.target.checked)} />
          Available online or by phone from anywhere in the country
        </label>
        <CheckErrors messages={field.is_online} />
        <Field label="Country" name="region" errors={field.region}>
          {(control) => (
            <select {...control} value={values.region} onChange={(event) => update("region", event.target.value)}>
              {withCurrent(COMMON_REGIONS, values.region).map((code) => (
                <option key={code} value={code}>
                  {regionName(code)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Part of the country" name="subdivision" errors={field.subdivision} tag="optional" hint="An ISO 3166-2 code such as GB-SCT or US-CA, when it only serves there.">
          {(control) => <input {...control} type="text" maxLength={6} {...text("subdivision")} />}
        </Field>
        <Field label="Address" name="address" errors={field.address} tag="optional">
          {(control) => <textarea {...control} rows={2} maxLength={300} {...text("address")} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>When, who and cost</legend>
        <label className="resource-check">
          <input type="checkbox" name="is_24_7" checked={values.is_24_7} onChange={(event) => update("is_24_7", event.target.checked)} />
          Open 24 hours a day, 7 days a week
        </label>
        <CheckErrors messages={field.is_24_7} />
        <Field label="Opening hours" name="hours" errors={field.hours} tag="optional" hint="For example: Weekdays 9am to 8pm; weekends 10am to 4pm.">
          {(control) => <input {...control} type="text" maxLength={200} {...text("hours")} />}
        </Field>
        <Field label="Who it's for" name="eligibility" errors={field.eligibility} tag="optional" hint="Age, area, referral needed, and so on.">
          {(control) => <textarea {...control} rows={2} maxLength={1000} {...text("eligibility")} />}
        </Field>
        <Field label="Languages" name="languages" errors={field.languages} hint="Language codes separated by commas, e.g. en, cy.">
          {(control) => <input {...control} type="text" {...text("languages")} />}
        </Field>
        <Field label="Cost" name="cost" errors={field.cost}>
          {(control) => (
            <select {...control} value={values.cost} onChange={(event) => update("cost", event.target.value as ResourceFormValues["cost"])}>
              {COSTS.map((cost) => (
                <option key={cost} value={cost}>
                  {COST_LABELS[cost]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Cost in words" name="cost_note" errors={field.cost_note} tag="optional" hint="For example: $160 a week, utilities included.">
          {(control) => <input {...control} type="text" maxLength={200} {...text("cost_note")} />}
        </Field>
      </fieldset>

      <Field label="Source" name="source_url" errors={field.source_url} tag="optional" hint="The page you checked these details against, so the next curator can check again.">
        {(control) => <input {...control} type="url" {...text("source_url")} />}
      </Field>

      <div className="form__actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** The API's messages for a checkbox (rare: only a malformed value). */
function CheckErrors({ messages }: { messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <ul className="field__errors">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
