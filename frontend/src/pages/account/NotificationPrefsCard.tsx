import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { ApiError, formErrorsFrom, unwrap } from "../../lib/problems";
import { profileKey, type ProfileWithVersion } from "./queries";

type NotificationPrefs = components["schemas"]["NotificationPrefs"];
type Lead = NonNullable<NotificationPrefs["reminders"]>[number];
export type FullPrefs = Required<NotificationPrefs>;

const LEADS: readonly { value: Lead; label: string }[] = [
  { value: "24h", label: "24 hours before" },
  { value: "1h", label: "1 hour before" },
];

/** The API's defaults fill anything the stored preferences leave out. */
export function fullPrefs(prefs: NotificationPrefs | undefined): FullPrefs {
  return {
    email_reminders: prefs?.email_reminders ?? true,
    in_app: prefs?.in_app ?? true,
    reminders: LEADS.map((lead) => lead.value).filter((lead) => (prefs?.reminders ?? ["24h", "1h"]).includes(lead)),
  };
}

/** Reminders and notifications: the whole preferences object is sent on each save. */
export function NotificationPrefsCard({ current }: { current: ProfileWithVersion }) {
  const queryClient = useQueryClient();
  const [prefs, setPrefs] = useState<FullPrefs>(() => fullPrefs(current.profile.notification_prefs));
  const [status, setStatus] = useState<string | null>(null);
  const headingId = useId();

  const save = useMutation({
    mutationFn: async (next: FullPrefs) => {
      const { data, response } = await unwrap(
        api.PATCH("/api/v1/members/me", {
          body: { notification_prefs: next },
          params: { header: current.etag ? { "If-Match": current.etag } : {} },
        }),
      );
      return { profile: data, etag: response.headers.get("ETag") };
    },
    onMutate: () => setStatus(null),
    onSuccess: (next) => {
      queryClient.setQueryData(profileKey, next);
      if (!next.etag) void queryClient.invalidateQueries({ queryKey: profileKey });
      setPrefs(fullPrefs(next.profile.notification_prefs));
      setStatus("Your notification settings are saved.");
    },
  });

  const message =
    save.error instanceof ApiError && save.error.status === 412
      ? "Your profile was changed somewhere else since this page opened. Reload the page, then save your settings again."
      : save.error
        ? formErrorsFrom(save.error, []).general
        : null;

  function toggleLead(lead: Lead, on: boolean) {
    setPrefs((p) => ({
      ...p,
      reminders: LEADS.map((item) => item.value).filter((value) => (value === lead ? on : p.reminders.includes(value))),
    }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(prefs);
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Notifications and reminders</h2>
      <form className="form" onSubmit={submit}>
        <fieldset className="field">
          <legend>Remind me before sessions I've booked</legend>
          {LEADS.map((lead) => (
            <label key={lead.value} className="check">
              <input type="checkbox" checked={prefs.reminders.includes(lead.value)} onChange={(event) => toggleLead(lead.value, event.target.checked)} />
              {lead.label}
            </label>
          ))}
          {prefs.reminders.length === 0 ? <p className="field__hint">You won't get reminders before your sessions.</p> : null}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={prefs.email_reminders}
            onChange={(event) => setPrefs((p) => ({ ...p, email_reminders: event.target.checked }))}
          />
          Also send reminders by e-mail
        </label>
        <label className="check">
          <input type="checkbox" checked={prefs.in_app} onChange={(event) => setPrefs((p) => ({ ...p, in_app: event.target.checked }))} />
          Show notifications in Peerway
        </label>
        <FormAlert message={message} />
        <StatusMessage message={status} />
        <div className="form__actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save notification settings"}
          </button>
        </div>
      </form>
    </section>
  );
}
