import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/dates";
import { ApiError, formErrorsFrom } from "../../lib/problems";
import { useMyProfile, useViewerTimeZone } from "../account/queries";
import { auditActionLabel } from "./labels";
import { ModerationNav } from "./parts";
import { useAuditLog, type AuditEntry, type AuditFilters } from "./queries";
import "./safety.css";

const FILTERS = ["action", "actor_id", "target_type", "target_id"] as const;
type FilterName = (typeof FILTERS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters in the address bar, as the API's query (empty ones left out). */
export function auditFiltersFrom(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const name of FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/** Admins: who did what to what, and when. Read-only. */
export function AuditLogPage() {
  usePageTitle("Audit log");
  const [params, setParams] = useSearchParams();
  const filters = auditFiltersFrom(params);
  const me = useMyProfile();
  const isAdmin = me.data?.profile.role === "admin";
  const log = useAuditLog(filters, isAdmin);
  const timeZone = useViewerTimeZone();
  const [draft, setDraft] = useState<Record<FilterName, string>>(() => ({
    action: filters.action ?? "",
    actor_id: filters.actor_id ?? "",
    target_type: filters.target_type ?? "",
    target_id: filters.target_id ?? "",
  }));
  const [actorError, setActorError] = useState<string[] | undefined>();
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  const queryErrors = log.error instanceof ApiError && log.error.status === 422 ? formErrorsFrom(log.error, FILTERS) : null;

  function search(event: FormEvent) {
    event.preventDefault();
    const actor = draft.actor_id.trim();
    if (actor && !UUID.test(actor)) {
      setActorError(["A member id looks like 1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b."]);
      return;
    }
    setActorError(undefined);
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = draft[name].trim();
      if (value) next.set(name, value);
    }
    setParams(next);
  }

  function clear() {
    setDraft({ action: "", actor_id: "", target_type: "", target_id: "" });
    setActorError(undefined);
    setParams(new URLSearchParams());
  }

  return (
    <article className="page page--medium moderation">
      <h1>Audit log</h1>
      {me.isPending ? <p>Loading…</p> : null}
      {me.isError ? <QueryError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {me.data && !isAdmin ? <p className="lead">The audit log is for the Peerway team.</p> : null}
      {isAdmin ? (
        <>
          <ModerationNav />
          <p className="lead">Who did what to what, and when. Read-only; newest first.</p>
          <form className="form card audit-filters" role="search" aria-label="Audit log" noValidate onSubmit={search}>
            <div className="form__row">
              {FILTERS.map((name) => (
                <Field
                  key={name}
                  label={FILTER_LABELS[name].label}
                  name={name}
                  hint={FILTER_LABELS[name].hint}
                  errors={name === "actor_id" ? (actorError ?? queryErrors?.fields.actor_id) : queryErrors?.fields[name]}
                >
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      autoComplete="off"
                      spellCheck={false}
                      value={draft[name]}
                      onChange={(event) => setDraft((d) => ({ ...d, [name]: event.target.value }))}
                    />
                  )}
                </Field>
              ))}
            </div>
            <div className="form__actions">
              <button type="submit" className="button">
                Search
              </button>
              <button type="button" className="button button--quiet" onClick={clear}>
                Clear filters
              </button>
            </div>
          </form>
          <section aria-labelledby="audit-results-heading">
            <h2 id="audit-results-heading">Entries</h2>
            {log.isPending ? <p>Loading the log…</p> : null}
            {queryErrors ? <FormAlert message={queryErrors.general} /> : null}
            {log.isError && !queryErrors ? <QueryError error={log.error} onRetry={() => void log.refetch()} /> : null}
            {log.isSuccess && items.length === 0 ? <p>No entries match these filters.</p> : null}
            <ul className="audit-entries">
              {items.map((entry) => (
                <AuditRow key={entry.id} entry={entry} timeZone={timeZone} />
              ))}
            </ul>
            <LoadMore hasMore={log.hasNextPage} loading={log.isFetchingNextPage} onLoad={() => void log.fetchNextPage()} label="Show older entries" />
          </section>
        </>
      ) : null}
    </article>
  );
}

const FILTER_LABELS: Record<FilterName, { label: string; hint: string }> = {
  action: { label: "Action", hint: "For example moderation.mute or report.dismissed." },
  actor_id: { label: "Done by (member id)", hint: "The id of the member who acted." },
  target_type: { label: "Target type", hint: "For example member, report or moderation_action." },
  target_id: { label: "Target id", hint: "The id of what was acted on." },
};

function AuditRow({ entry, timeZone }: { entry: AuditEntry; timeZone: string }) {
  const details = Object.entries(entry.details ?? {}).filter(([, value]) => value !== null && value !== undefined && value !== "");
  const label = auditActionLabel(entry.action);
  return (
    <li className="card audit-entry">
      <p className="audit-entry__title">
        <strong>{label}</strong>
        {label !== entry.action ? <code className="audit-entry__code">{entry.action}</code> : null}
      </p>
      <dl className="facts audit-entry__facts">
        <div>
          <dt>When</dt>
          <dd>{formatDateTime(entry.created_at, timeZone)}</dd>
        </div>
        <div>
          <dt>By</dt>
          <dd>{entry.actor_id ? <code>{entry.actor_id}</code> : "the system"}</dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>
            {entry.target_type}
            {entry.target_id ? (
              <>
                {" "}
                <code>{entry.target_id}</code>
              </>
            ) : null}
          </dd>
        </div>
        {entry.ip_address ? (
          <div>
            <dt>From</dt>
            <dd>
              <code>{entry.ip_address}</code>
            </dd>
          </div>
        ) : null}
        {details.map(([key, value]) => (
          <div key={key}>
            <dt>{key.replaceAll("_", " ")}</dt>
            <dd>
              <code>{typeof value === "string" ? value : JSON.stringify(value)}</code>
            </dd>
          </div>
        ))}
      </dl>
    </li>
  );
}
