import { useId, type ReactNode } from "react";

/** Props a form control needs to be labelled, described and marked invalid. */
export interface ControlProps {
  id: string;
  name: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

interface FieldProps {
  label: string;
  name: string;
  hint?: ReactNode;
  errors?: string[] | undefined;
  /** Optional marker shown after the label, e.g. "private". */
  tag?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its hint and the API's messages for this field beside it. */
export function Field({ label, name, hint, errors, tag, children }: FieldProps) {
  const id = `${useId()}-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={errorId ? "field field--invalid" : "field"}>
      <label className="field__label" htmlFor={id}>
        {label}
        {tag ? <span className="field__tag">{tag}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <ul className="field__errors" id={errorId}>
          {errors?.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {children({
        id,
        name,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(errorId ? { "aria-invalid": true as const } : {}),
      })}
    </div>
  );
}

/** Move focus to the first control marked invalid, so keyboard users land on the problem. */
export function focusFirstInvalid(form: HTMLFormElement | null): boolean {
  const invalid = form?.querySelector<HTMLElement>("[aria-invalid='true']");
  invalid?.focus();
  return Boolean(invalid);
}
