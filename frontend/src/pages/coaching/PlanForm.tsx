import { useState, type FormEvent, type RefObject } from "react";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import type { FormErrors } from "../../lib/problems";
import { PLAN_STATUS_HINTS, PLAN_STATUS_LABELS } from "./labels";
import type { Plan, PlanStatus } from "./queries";

export const PLAN_FIELDS = ["title", "status", "start_date", "review_date", "focus_areas"] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

export interface PlanFormValues {
  title: string;
  status: PlanStatus;
  start_date: string;
  review_date: string;
  /** One focus area per line. */
  focus_areas: string;
}

export function planValuesOf(plan: Plan): PlanFormValues {
  return {
    title: plan.title,
    status: plan.status,
    start_date: plan.start_date ?? "",
    review_date: plan.review_date ?? "",
    focus_areas: (plan.focus_areas ?? []).join("\n"),
  };
}

/** One area per line: "sleep\n\n staying connected " → ["sleep", "staying connected"]. */
export function focusAreasFrom(text: string): string[] {
  return text
    .split("\n")
    .map((area) => area.trim())
    .filter(Boolean);
}

/** The fields of a plan write, from the form (empty dates are cleared). */
export function planWriteOf(values: PlanFormValues) {
  return {
    title: values.title.trim(),
    status: values.status,
    start_date: values.start_date || null,
    review_date: values.review_date || null,
    focus_areas: focusAreasFrom(values.focus_areas),
  };
}

interface PlanFormProps {
  initial: PlanFormValues;
  errors: FormErrors<PlanField>;
  pending: boolean;
  submitLabel: string;
  formRef?: RefObject<HTMLFormElement | null>;
  onSubmit: (values: PlanFormValues) => void;
  onCancel?: () => void;
  label: string;
}

export function PlanForm({ initial, errors, pending, submitLabel, formRef, onSubmit, onCancel, label }: PlanFormProps) {
  const [values, setValues] = useState<PlanFormValues>(initial);
  const update = (changes: Partial<PlanFormValues>) => setValues((current) => ({ ...current, ...changes }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(values);
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label={label}>
      <FormAlert message={errors.general} />
      <Field label="Plan title" name="title" errors={errors.fields.title} hint="For example: My first 90 days.">
        {(control) => (
          <input
            {...control}
            type="text"
            required
            minLength={2}
            maxLength={120}
            value={values.title}
            onChange={(event) => update({ title: event.target.value })}
          />
        )}
      </Field>
      <Field label="Status" name="status" errors={errors.fields.status} hint={PLAN_STATUS_HINTS[values.status]}>
        {(control) => (
          <select {...control} value={values.status} onChange={(event) => update({ status: event.target.value as PlanStatus })}>
            {(Object.keys(PLAN_STATUS_LABELS) as PlanStatus[]).map((status) => (
              <option key={status} value={status}>
                {PLAN_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form__row">
        <Field label="Start date" name="start_date" tag="Optional" errors={errors.fields.start_date}>
          {(control) => (
            <input {...control} type="date" value={values.start_date} onChange={(event) => update({ start_date: event.target.value })} />
          )}
        </Field>
        <Field label="Review date" name="review_date" tag="Optional" errors={errors.fields.review_date}>
          {(control) => (
            <input
              {...control}
              type="date"
              min={values.start_date || undefined}
              value={values.review_date}
              onChange={(event) => update({ review_date: event.target.value })}
            />
          )}
        </Field>
      </div>
      <Field
        label="Focus areas"
        name="focus_areas"
        tag="Optional"
        hint="One per line, up to 10. For example: sleep, staying connected."
        errors={errors.fields.focus_areas}
      >
        {(control) => (
          <textarea {...control} rows={3} value={values.focus_areas} onChange={(event) => update({ focus_areas: event.target.value })} />
        )}
      </Field>
      <div className="form__actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
