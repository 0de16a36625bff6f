import { useEffect, useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "../../lib/problems";
import { useConversationSettings, useSaveConversationSettings } from "./queries";
import { SLOW_MODE_CHOICES, slowModeLabel } from "./ThreadTools";

const FIELDS = ["slow_mode_seconds", "daily_post_cap", "hold_first_posts"] as const;

/** Facilitators: the group's pace rules. */
export function ConversationSettingsForm({ groupId }: { groupId: string }) {
  const settings = useConversationSettings(groupId);
  const save = useSaveConversationSettings(groupId);
  const [slow, setSlow] = useState(0);
  const [cap, setCap] = useState("");
  const [hold, setHold] = useState(false);
  const [errors, setErrors] = useState<FormErrors<(typeof FIELDS)[number]>>(NO_ERRORS);
  const loaded = settings.data;
  useEffect(() => {
    if (!loaded) return;
    setSlow(loaded.slow_mode_seconds ?? 0);
    setCap(loaded.daily_post_cap ? String(loaded.daily_post_cap) : "");
    setHold(loaded.hold_first_posts ?? false);
  }, [loaded]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const capValue = cap.trim() ? Number(cap) : null;
    if (capValue !== null && (!Number.isInteger(capValue) || capValue < 1 || capValue > 1000)) {
      setErrors({ fields: { daily_post_cap: ["A whole number from 1 to 1,000, or empty for no limit."] }, general: null });
      return;
    }
    setErrors(NO_ERRORS);
    save.mutate(
      { slow_mode_seconds: slow, daily_post_cap: capValue, hold_first_posts: hold },
      { onError: (error) => setErrors(formErrorsFrom(error, FIELDS)) },
    );
  }

  return (
    <section className="card" aria-labelledby="conversation-settings-heading">
      <h2 id="conversation-settings-heading">Conversation settings</h2>
      <form className="form" noValidate onSubmit={submit}>
        <Field label="Slow mode" name="slow_mode_seconds" errors={errors.fields.slow_mode_seconds} hint="How long each member waits between posts. Facilitators are not limited.">
          {(control) => (
            <select {...control} value={slow} onChange={(event) => setSlow(Number(event.target.value))}>
              {[...new Set([...SLOW_MODE_CHOICES, slow])].sort((a, b) => a - b).map((seconds) => (
                <option key={seconds} value={seconds}>
                  {slowModeLabel(seconds)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Posts per member per day" name="daily_post_cap" errors={errors.fields.daily_post_cap} hint="Leave empty for no limit. Counted over the last 24 hours.">
          {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={1000} value={cap} onChange={(event) => setCap(event.target.value)} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={hold} onChange={(event) => setHold(event.target.checked)} />
          Hold new members' first posts until a facilitator approves them
        </label>
        <FormAlert message={errors.general} />
        <StatusMessage message={save.isSuccess ? "Settings saved." : null} />
        <div className="form__actions">
          <button type="submit" className="button" disabled={save.isPending || settings.isPending}>
            Save settings
          </button>
        </div>
      </form>
    </section>
  );
}
