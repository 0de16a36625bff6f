import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Field } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/dates";
import { ApiError, describeError, formErrorsFrom, unwrap } from "../../lib/problems";
import { useMyProfile, useViewerTimeZone } from "../account/queries";
import { NOTE_MAX } from "./decisionForm";
import { KIND_LABELS } from "./labels";
import { GroupName, ModerationNav, StatusTabs } from "./parts";
import { invalidateModeration, useAppeals, type AppealDecision, type AppealStatus, type ModerationAction } from "./queries";
import "./safety.css";

const TABS: readonly { value: AppealStatus; label: string }[] = [
  { value: "pending", label: "Waiting" },
  { value: "upheld", label: "Upheld" },
  { value: "overturned", label: "Overturned" },
];

function statusFrom(value: string | null): AppealStatus {
  return value === "upheld" || value === "overturned" ? value : "pending";
}

/** Admins decide appeals: keep the decision, or overturn it (which undoes the action). */
export function AppealsPage() {
  usePageTitle("Appeals");
  const [params] = useSearchParams();
  const status = statusFrom(params.get("status"));
  const me = useMyProfile();
  const isAdmin = me.data?.profile.role === "admin";
  const appeals = useAppeals(status, isAdmin);
  const timeZone = useViewerTimeZone();
  const [done, setDone] = useState<string | null>(null);
  const items = appeals.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <article className="page page--medium moderation">
      <h1>Appeals</h1>
      {me.isPending ? <p>Loading…</p> : null}
      {me.isError ? <QueryError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {me.data && !isAdmin ? (
        <p className="lead">Appeals are decided by the Peerway team. If you facilitate a group, its reports are in the moderation queue.</p>
      ) : null}
      {isAdmin ? (
        <>
          <ModerationNav />
          <p className="lead">
            Members may appeal a decision once. Read their side with fresh eyes; overturning undoes the action and tells them.
          </p>
          <StatusTabs label="Appeals by status" tabs={TABS} current={status} />
          <StatusMessage message={done} />
          {appeals.isPending ? <p>Loading appeals…</p> : null}
          {appeals.isError ? <QueryError error={appeals.error} onRetry={() => void appeals.refetch()} /> : null}
          {appeals.isSuccess && items.length === 0 ? (
            <div className="card">
              <p>{status === "pending" ? "No appeals are waiting." : "None yet."}</p>
            </div>
          ) : null}
          <ul className="reports">
            {items.map((action) => (
              <AppealCard key={action.id} action={action} timeZone={timeZone} onDone={setDone} />
            ))}
          </ul>
          <LoadMore hasMore={appeals.hasNextPage} loading={appeals.isFetchingNextPage} onLoad={() => void appeals.fetchNextPage()} />
        </>
      ) : null}
    </article>
  );
}

function AppealCard({ action, timeZone, onDone }: { action: ModerationAction; timeZone: string; onDone: (message: string) => void }) {
  return (
    <li className="card report">
      <h2 className="report__title">{KIND_LABELS[action.kind]}</h2>
      <dl className="facts facts--wide report__facts">
        {action.group_id ? (
          <div>
            <dt>Group</dt>
            <dd>
              <GroupName groupId={action.group_id} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Decided</dt>
          <dd>{formatDateTime(action.created_at, timeZone)}</dd>
        </div>
        {action.expires_at ? (
          <div>
            <dt>Until</dt>
            <dd>{formatDateTime(action.expires_at, timeZone)}</dd>
          </div>
        ) : null}
        {action.appealed_at ? (
          <div>
            <dt>Appealed</dt>
            <dd>{formatDateTime(action.appealed_at, timeZone)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="report__label">The reason the member was given</p>
      <blockquote className="report__text">{action.reason}</blockquote>
      <p className="report__label">Their appeal</p>
      <blockquote className="report__text">{action.appeal_text ?? "(no text)"}</blockquote>
      {action.appeal_status === "pending" ? (
        <DecideAppeal action={action} onDone={onDone} />
      ) : (
        <p className="report__resolution">
          <strong>{action.appeal_status === "overturned" ? "Overturned" : "Upheld"}</strong>
          {action.appeal_decided_at ? ` on ${formatDateTime(action.appeal_decided_at, timeZone)}` : null}
        </p>
      )}
    </li>
  );
}

function DecideAppeal({ action, onDone }: { action: ModerationAction; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const decisionName = useId();
  const [decision, setDecision] = useState<AppealDecision["decision"] | "">("");
  const [note, setNote] = useState("");
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const decide = useMutation({
    mutationFn: async (body: AppealDecision) =>
      unwrap(api.PATCH("/api/v1/moderation-actions/{action_id}", { params: { path: { action_id: action.id } }, body })),
    onSuccess: async (_data, body) => {
      setConfirming(false);
      onDone(body.decision === "overturn" ? "Done: the appeal is accepted and the action undone." : "Done: the decision stands.");
      await invalidateModeration(queryClient);
    },
    onError: async (error) => {
      setConfirming(false);
      if (error instanceof ApiError && error.status === 409) await invalidateModeration(queryClient);
    },
  });
  const errors = decide.error ? formErrorsFrom(decide.error, ["note"] as const) : null;

  function review(event: FormEvent) {
    event.preventDefault();
    if (!decision) {
      setChoiceError("Choose whether the decision stands.");
      return;
    }
    setChoiceError(null);
    setConfirming(true);
  }

  return (
    <form className="form report__decide" noValidate onSubmit={review}>
      <fieldset className={choiceError ? "field field--invalid" : "field"}>
        <legend>Your decision</legend>
        {choiceError ? (
          <ul className="field__errors">
            <li>{choiceError}</li>
          </ul>
        ) : null}
        <label className="check">
          <input type="radio" name={decisionName} checked={decision === "uphold"} onChange={() => setDecision("uphold")} />
          Uphold: the decision stands
        </label>
        <label className="check">
          <input type="radio" name={decisionName} checked={decision === "overturn"} onChange={() => setDecision("overturn")} />
          Overturn: accept the appeal and undo the action
        </label>
      </fieldset>
      <Field label="Note to the member (optional)" name="note" errors={errors?.fields.note} hint="Sent to them with your decision.">
        {(control) => <textarea {...control} rows={3} maxLength={NOTE_MAX} value={note} onChange={(event) => setNote(event.target.value)} />}
      </Field>
      <FormAlert message={errors?.general ?? (decide.error && !errors ? describeError(decide.error) : null)} />
      <div className="form__actions">
        <button type="submit" className="button">
          Review decision…
        </button>
      </div>
      <ConfirmDialog
        open={confirming && decision !== ""}
        title={decision === "overturn" ? "Overturn this decision?" : "Uphold this decision?"}
        confirmLabel={decision === "overturn" ? "Overturn it" : "Uphold it"}
        busy={decide.isPending}
        onConfirm={() => decision && decide.mutate({ decision, ...(note.trim() ? { note: note.trim() } : {}) })}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {decision === "overturn"
            ? `The ${KIND_LABELS[action.kind].toLowerCase()} will be undone, and the member told their appeal was accepted.`
            : "The decision stays in place, and the member is told their appeal was not accepted."}
        </p>
        {note.trim() ? <blockquote className="report__text">{note.trim()}</blockquote> : null}
      </ConfirmDialog>
    </form>
  );
}
