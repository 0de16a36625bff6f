import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatSessionWhen } from "../../lib/dates";
import { ApiError, describeError, unwrap } from "../../lib/problems";
import { useViewerTimeZone } from "../account/queries";
import { invalidateSessions, scopeSerializer, type Scope, type SessionWithVersion } from "./queries";

/** Cancel one session, or it and every later one of its series; everyone booked is told. */
export function CancelSession({ current }: { current: SessionWithVersion }) {
  const { session, etag } = current;
  const queryClient = useQueryClient();
  const timeZone = useViewerTimeZone();
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<Scope>("occurrence");
  const name = useId();

  const cancel = useMutation({
    mutationFn: async () =>
      unwrap(
        api.DELETE("/api/v1/sessions/{session_id}", {
          params: { path: { session_id: session.id }, header: etag ? { "If-Match": etag } : {} },
          querySerializer: scopeSerializer(scope),
        }),
      ),
    onSuccess: async () => {
      setOpen(false);
      await invalidateSessions(queryClient);
    },
  });

  const message =
    cancel.error instanceof ApiError && cancel.error.status === 412
      ? "This session changed since the page opened. Close this, reload the page and check it before cancelling."
      : cancel.error
        ? describeError(cancel.error)
        : null;

  return (
    <>
      <button type="button" className="button button--danger-quiet" onClick={() => setOpen(true)}>
        Cancel session…
      </button>
      <ConfirmDialog
        open={open}
        title="Cancel this session?"
        confirmLabel={scope === "series" ? "Cancel these sessions" : "Cancel the session"}
        cancelLabel="Keep it"
        danger
        busy={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onCancel={() => {
          setOpen(false);
          cancel.reset();
        }}
      >
        <p>
          {session.title}, {formatSessionWhen(session.starts_at, session.ends_at, timeZone)}. Everyone who booked will get a
          notification.
        </p>
        {session.series_id ? (
          <fieldset className="field">
            <legend>Which sessions?</legend>
            <label className="check">
              <input type="radio" name={name} checked={scope === "occurrence"} onChange={() => setScope("occurrence")} />
              Only this one
            </label>
            <label className="check">
              <input type="radio" name={name} checked={scope === "series"} onChange={() => setScope("series")} />
              This one and every later one in the series
            </label>
          </fieldset>
        ) : null}
        {message ? <p className="alert alert--error">{message}</p> : null}
      </ConfirmDialog>
    </>
  );
}
