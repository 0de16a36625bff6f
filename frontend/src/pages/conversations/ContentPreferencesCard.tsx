import { useEffect, useState } from "react";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { describeError } from "../../lib/problems";
import { isContentNote, noteOptions } from "./labels";
import { useContentPreferences, useSaveContentPreferences, type ContentNote } from "./queries";

/** Topics I always want folded, whatever the post: a small settings card. */
export function ContentPreferencesCard() {
  const preferences = useContentPreferences();
  const save = useSaveContentPreferences();
  const [chosen, setChosen] = useState<ContentNote[] | null>(null);
  const saved = preferences.data?.always_folded;
  useEffect(() => {
    if (saved && chosen === null) setChosen(saved.filter(isContentNote));
  }, [saved, chosen]);
  const current = chosen ?? [];

  return (
    <section className="card content-preferences" aria-labelledby="content-preferences-heading">
      <h2 id="content-preferences-heading">Topics to always fold</h2>
      <p className="muted">
        Posts that mention these stay folded for you, even when you have opened others like them. Only you see this choice.
      </p>
      {preferences.isError ? <QueryError error={preferences.error} onRetry={() => void preferences.refetch()} /> : null}
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ always_folded: current });
        }}
      >
        <fieldset className="check-list">
          <legend className="visually-hidden">Topics</legend>
          {noteOptions(preferences.data?.content_notes).map(({ key, label }) => (
            <label key={key} className="check">
              <input
                type="checkbox"
                checked={current.includes(key)}
                onChange={(event) =>
                  setChosen(event.target.checked ? [...current, key] : current.filter((item) => item !== key))
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
        <FormAlert message={save.isError ? describeError(save.error) : null} />
        <StatusMessage message={save.isSuccess ? "Saved." : null} />
        <div className="form__actions">
          <button type="submit" className="button button--quiet" disabled={save.isPending || preferences.isPending}>
            Save topics
          </button>
        </div>
      </form>
    </section>
  );
}
