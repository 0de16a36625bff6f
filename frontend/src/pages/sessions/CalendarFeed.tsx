import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { ApiError, describeError, unwrap } from "../../lib/problems";

/**
 * A private calendar feed URL: created (or replaced) on request and shown once, because anyone
 * holding it can read the member's bookings. Revoking it makes it stop working at once.
 */
export function CalendarFeed() {
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: async () => (await unwrap(api.POST("/api/v1/members/me/calendar-feed"))).data,
    onMutate: () => setNotice(null),
  });
  const revoke = useMutation({
    mutationFn: async () => unwrap(api.DELETE("/api/v1/members/me/calendar-feed")),
    onMutate: () => setNotice(null),
    onSuccess: () => {
      create.reset();
      setNotice("Your calendar link is switched off. Calendar apps using it will stop updating.");
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) {
        create.reset();
        setNotice("You don't have a calendar link at the moment, so there was nothing to switch off.");
      }
    },
    onSettled: () => setConfirmRevoke(false),
  });

  const revokeError = revoke.error instanceof ApiError && revoke.error.status === 404 ? null : revoke.error;
  const feed = create.data;

  return (
    <section className="card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">Your sessions in your calendar app</h2>
      <p>
        A private link lets Google Calendar, Apple Calendar or Outlook show your bookings and keep
        them up to date.
      </p>
      <StatusMessage message={notice} />
      <FormAlert message={create.error ? describeError(create.error) : revokeError ? describeError(revokeError) : null} />
      {feed ? (
        <div className="secret">
          <p className="secret__label" id="feed-url-label">
            Your calendar link (shown only now):
          </p>
          <input className="secret__input" type="text" readOnly value={feed.url} aria-labelledby="feed-url-label" onFocus={(event) => event.target.select()} />
          <p className="secret__actions">
            <CopyButton value={feed.url} label="Copy link" />
          </p>
          <p className="alert alert--info">
            Anyone with this link can see your bookings. Keep it private: paste it only into your own
            calendar app. If it is ever shared by mistake, switch it off below and make a new one.
          </p>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="button button--quiet" disabled={create.isPending} onClick={() => create.mutate()}>
          {create.isPending ? "Creating…" : feed ? "Make a new link" : "Create a calendar link"}
        </button>
        <button type="button" className="button button--danger-quiet" disabled={revoke.isPending} onClick={() => setConfirmRevoke(true)}>
          Switch off my calendar link
        </button>
      </div>
      <p className="muted">Making a new link switches off any earlier one.</p>
      <ConfirmDialog
        open={confirmRevoke}
        title="Switch off your calendar link?"
        confirmLabel="Switch it off"
        cancelLabel="Keep it"
        busy={revoke.isPending}
        onConfirm={() => revoke.mutate()}
        onCancel={() => setConfirmRevoke(false)}
      >
        <p>Calendar apps using it will stop showing your sessions. You can make a new link at any time.</p>
      </ConfirmDialog>
    </section>
  );
}
