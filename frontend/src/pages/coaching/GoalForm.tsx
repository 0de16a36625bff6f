import { useState, type FormEvent, type RefObject } from "react";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import type { FormErrors } from "../../lib/problems";
import { GOAL_STATUS_LABELS } from "./labels";
import type { Goal, GoalStatus } from "./queries";

export const GOAL_FIELDS = ["what", "why", "measure", "target_date", "status", "progress_percent"] as const;
export type GoalField = (typeof GOAL_FIELDS)[number];

export interface GoalFormValues {
  what: string;
  why: string;
  measure: string;
  target_date: string;
  status: GoalStatus;
  progress_percent: string;
}

export const EMPTY_GOAL: GoalFormValues = {
  what: "",
  why: "",
  measure: "",
  target_date: "",
  status: "not_started",
  progress_percent: "0",
};

export function goalValuesOf(goal: Goal): GoalFormValues {
  return {
    what: goal.what,
    why: goal.why ?? "",
    measure: goal.measure ?? "",
    target_date: goal.target_date ?? "",
    status: goal.status,
    progress_percent: String(goal.progress_percent),
  };
}

/** The goal's writable fields from the form: empty text and dates become null. */
export function goalWriteOf(values: GoalFormValues) {
  const percent = Number.parseInt(values.progress_percent, 10);
  return {
    what: values.what.trim(),
    why: values.why.trim() || null,
    measure: values.measure.trim() || null,
    target_date: values.target_date || null,
    status: values.status,
    progress_percent: Number.isFinite(percent) ? percent : 0,
  };
}

interface GoalFormProps {
  initial: GoalFormValues;
  errors: FormErrors<GoalField>;
  pending: boolean;
  submitLabel: string;
  label: string;
  formRef?: RefObject<HTMLFormElement | null>;
  onSubmit: (values: GoalFormValues) => void;
  onCancel?: () => void;
}

/** A SMART goal: what (specific), how it's measured, why it matters, by when, and how far along. */
export function GoalForm({ initial, errors, pending, submitLabel, label, formRef, onSubmit, onCancel }: GoalFormProps) {
  const [values, setValues] = useState<GoalFormValues>(initial);
  const update = (changes: Partial<GoalFormValues>) => setValues((current) => ({ ...current, ...changes }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(values);
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label={label}>
      <FormAlert message={errors.general} />
      <Field
        label="What will you do?"
        name="what"
        errors={errors.fields.what}
        hint="Specific and doable, for example: Walk for 20 minutes three times a week."
      >
        {(control) => (
          <input
            {...control}
            type="text"
            required
            minLength={2}
            maxLength={300}
            value={values.what}
            onChange={(event) => update({ what: event.target.value })}
          />
        )}
      </Field>
      <Field label="Why does it matter to you?" name="why" tag="Optional" errors={errors.fields.why}>
        {(control) => (
          <textarea {...control} rows={2} maxLength={1000} value={values.why} onChange={(event) => update({ why: event.target.value })} />
        )}
      </Field>
      <Field
        label="How will you know it's happening?"
        name="measure"
        tag="Optional"
        hint="Something you can count or notice, for example: walks ticked off each week."
        errors={errors.fields.measure}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={300}
            value={values.measure}
            onChange={(event) => update({ measure: event.target.value })}
          />
        )}
      </Field>
      <div className="form__row">
        <Field label="By when?" name="target_date" tag="Optional" errors={errors.fields.target_date}>
          {(control) => (
            <input {...control} type="date" value={values.target_date} onChange={(event) => update({ target_date: event.target.value })} />
          )}
        </Field>
        <Field label="Goal status" name="status" errors={errors.fields.status}>
          {(control) => (
            <select {...control} value={values.status} onChange={(event) => update({ status: event.target.value as GoalStatus })}>
              {(Object.keys(GOAL_STATUS_LABELS) as GoalStatus[]).map((status) => (
                <option key={status} value={status}>
                  {GOAL_STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label="How far along (percent)"
        name="progress_percent"
        hint="0 to 100. An achieved goal counts as 100."
        errors={errors.fields.progress_percent}
      >
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={5}
            value={values.progress_percent}
            onChange={(event) => update({ progress_percent: event.target.value })}
          />
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
