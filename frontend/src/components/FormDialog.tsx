import { useEffect, useId, useRef, type ReactNode } from "react";

interface FormDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  /** While busy, Escape does not close the dialog (a request is on its way). */
  busy?: boolean;
  onClose: () => void;
  /** Where focus goes back to when the dialog closes (the button that opened it). */
  returnFocusTo?: React.RefObject<HTMLElement | null>;
}

/**
 * A modal form on the native <dialog>: the browser traps focus and Escape closes it. The
 * content is only rendered while open (so `autoFocus` lands on the first control each time),
 * and focus goes back to the opener afterwards.
 */
export function FormDialog({ open, title, children, busy = false, onClose, returnFocusTo }: FormDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    } else if (!open && dialog.open) {
      if (typeof dialog.close === "function") dialog.close();
      else dialog.removeAttribute("open");
      returnFocusTo?.current?.focus();
    }
  }, [open, returnFocusTo]);

  return (
    <dialog
      ref={ref}
      className="dialog dialog--form"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      {open ? (
        <div className="dialog__body">
          <h2 id={titleId}>{title}</h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
