import { useId, useRef, useState } from "react";
import { FormDialog } from "../../components/FormDialog";
import { ReportForm, type ReportContext } from "./ReportForm";
import "./safety.css";

interface ReportButtonProps extends ReportContext {
  /** The button's words, e.g. "Report a member". */
  label: string;
  className?: string;
}

/** A quiet button that opens the report dialog. */
export function ReportButton({ label, className = "button button--quiet", ...context }: ReportButtonProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button type="button" ref={opener} className={className} onClick={() => setOpen(true)}>
        {label}
      </button>
      <FormDialog
        open={open}
        title={context.memberRequired ? "Report a member" : "Report a concern"}
        busy={busy}
        onClose={() => setOpen(false)}
        returnFocusTo={opener}
      >
        <ReportForm {...context} onBusyChange={setBusy} onClose={() => setOpen(false)} />
      </FormDialog>
    </>
  );
}

/** The entry point as a small card at the end of a page: "Something not right?" */
export function ReportSection(props: ReportButtonProps) {
  const headingId = useId();
  return (
    <section className="card report-entry" aria-labelledby={headingId}>
      <h2 id={headingId}>Something not right?</h2>
      <p>
        Tell the facilitators privately. No one you report will see that it was you.
      </p>
      <ReportButton {...props} />
    </section>
  );
}
