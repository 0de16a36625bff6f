import type { ReactNode } from "react";

/** The general error area of a form: always present so screen readers announce changes. */
export function FormAlert({ message, children }: { message: string | null; children?: ReactNode }) {
  return (
    <div role="alert" className={message ? "alert alert--error" : "alert alert--empty"}>
      {message ? <p>{message}</p> : null}
      {message ? children : null}
    </div>
  );
}

/** A polite confirmation ("Saved."). */
export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div role="status" className={message ? "alert alert--success" : "alert alert--empty"}>
      {message ? <p>{message}</p> : null}
    </div>
  );
}
