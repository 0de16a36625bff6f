import { useId } from "react";

interface ScaleFieldProps {
  label: string;
  name: string;
  min: number;
  max: number;
  value: number;
  onChange: (value: number) => void;
  /** Words for the two ends, e.g. "very low" and "very good". */
  lowLabel: string;
  highLabel: string;
  hint?: string;
  errors?: string[] | undefined;
}

/**
 * A whole-number scale as a native range input: keyboard and screen reader friendly
 * (arrow keys, "6 out of 10" announced), with the chosen value shown large beside the label.
 */
export function ScaleField({ label, name, min, max, value, onChange, lowLabel, highLabel, hint, errors }: ScaleFieldProps) {
  const id = `${useId()}-${name}`;
  const hintId = `${id}-hint`;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className={errorId ? "field scale field--invalid" : "field scale"}>
      <div className="scale__top">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        <span className="scale__value" aria-hidden="true">
          {value}
        </span>
      </div>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <ul className="field__errors" id={errorId}>
          {errors?.map((message) => <li key={message}>{message}</li>)}
        </ul>
      ) : null}
      <input
        id={id}
        name={name}
        type="range"
        min={min}
        max={max}
        step={1}
        value={value}
        aria-valuetext={`${value} out of ${max}`}
        aria-describedby={[errorId, hint ? hintId : undefined].filter(Boolean).join(" ") || undefined}
        aria-invalid={errorId ? true : undefined}
        onChange={(event) => onChange(Number(event.target.value))}
      />
      <p className="scale__ends" aria-hidden="true">
        <span>
          {min}: {lowLabel}
        </span>
        <span>
          {max}: {highLabel}
        </span>
      </p>
    </div>
  );
}
