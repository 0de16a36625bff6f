import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { Field } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/dates";
import { ApiError, formErrorsFrom, unwrap } from "../../lib/problems";
import { useViewerTimeZone } from "../account/queries";
import { APPEAL_MAX, APPEAL_MIN, validateAppeal } from "./decisionForm";
import { APPEAL_STATUS_LABELS, canAppeal, isInForce, isSuspended, NOTICE_TITLES } from "./labels";
import { GroupName } from "./parts";
import { safetyKeys, useMyNotices, type ModerationAction } from "./queries";
import "./safety.css";
import { HelpLink } from "../crisis/HelpLink";

/** What moderators decided about me, with their reasons, and one appeal per decision. */
export function NoticesPage() {
  usePageTitle("Your notices");
  const notices = useMyNotices();
  const timeZone = useViewerTimeZone();
  const items = notices.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <article className="page page--medium notices">
      <h1>Your notices</h1>
      <p className="lead">
        If a facilitator or the Peerway team acts on a concern about you, it shows here with their reason. These notes are about
        something that happened, not about who you are.
      </p>
      {isSuspended(items) ? (
        <div className="card card--notice" role="note">
          <h2>Your account is suspended</h2>
          <p>
            While it is, you can read these notices, appeal once, <Link to="/profile">download your data or delete your account</Link>.
            If you need support right now, <HelpLink>help is here</HelpLink>.
          </p>
        </div>
      ) : null}
      {notices.isPending ? <p>Loading your notices…</p> : null}
      {notices.isError ? <QueryError error={notices.error} onRetry={() => void notices.refetch()} /> : null}
      {notices.isSuccess && items.length === 0 ? (
        <div className="card">
          <p>There is nothing here: no one has acted on anything about you.</p>
        </div>
      ) : null}
      <ul className="reports">
        {items.map((action) => (
          <Notice key={action.id} action={action} timeZone={timeZone} />
        ))}
      </ul>
      <LoadMore hasMore={notices.hasNextPage} loading={notices.isFetchingNextPage} onLoad={() => void notices.fetchNextPage()} />
    </article>
  );
}

function Notice({ action, timeZone }: { action: ModerationAction; timeZone: string }) {
  const headingId = useId();
  return (
    <li className="card report notice">
      <section aria-labelledby={headingId}>
        <h2 id={headingId} className="report__title">
          {NOTICE_TITLES[action.kind]}
        </h2>
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
            <dt>When</dt>
            <dd>{formatDateTime(action.created_at, timeZone)}</dd>
          </div>
          {action.kind === "mute" && action.expires_at ? (
            <div>
              <dt>Muted until</dt>
              <dd>
                {formatDateTime(action.expires_at, timeZone)}
                {isInForce(action) ? null : <span className="muted"> (ended)</span>}
              </dd>
            </div>
          ) : null}
        </dl>
        <p className="report__label">The reason you were given</p>
        <blockquote className="report__text">{action.reason}</blockquote>
        <p className="muted">
          We never say who raised a concern, so that everyone can speak up safely, including you.
        </p>
        <AppealForm action={action} timeZone={timeZone} />
      </section>
    </li>
  );
}

/** One appeal per decision: the form, or (once appealed) what was sent and where it stands. */
export function AppealForm({ action, timeZone }: { action: ModerationAction; timeZone: string }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [clientErrors, setClientErrors] = useState<string[] | undefined>();
  const open = canAppeal(action);
  const explanationId = useId();

  const appeal = useMutation({
    mutationFn: async (body: { text: string }) =>
      unwrap(api.POST("/api/v1/moderation-actions/{action_id}/appeal", { params: { path: { action_id: action.id } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: safetyKeys.myNotices }),
  });
  const already = appeal.error instanceof ApiError && appeal.error.status === 409;
  const errors = appeal.error && !already ? formErrorsFrom(appeal.error, ["text"] as const) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = validateAppeal(text);
    setClientErrors(problems);
    if (!problems) appeal.mutate({ text: text.trim() });
  }

  if (!open || already || appeal.isSuccess) {
    const appealedAt = action.appealed_at ?? appeal.data?.data.appealed_at ?? null;
    const status = action.appeal_status ?? appeal.data?.data.appeal_status ?? "pending";
    return (
      <form className="form appeal appeal--sent" aria-label="Your appeal" onSubmit={(event) => event.preventDefault()}>
        <StatusMessage message={appeal.isSuccess ? "Your appeal was sent. Someone from the Peerway team will read it." : null} />
        <p className="appeal__status">
          <span className={`badge appeal__badge appeal__badge--${status}`}>{APPEAL_STATUS_LABELS[status]}</span>
        </p>
        <fieldset disabled aria-describedby={explanationId}>
          <Field label="Your appeal" name="appeal">
            {(control) => <textarea {...control} rows={3} readOnly value={action.appeal_text ?? appeal.data?.data.appeal_text ?? text} />}
          </Field>
          <button type="submit" className="button">
            Appeal sent
          </button>
        </fieldset>
        <p id={explanationId} className="muted">
          {appealedAt ? `You appealed on ${formatDateTime(appealedAt, timeZone)}. ` : "You have appealed this decision. "}
          Each decision can be appealed once, so this form is closed.
        </p>
      </form>
    );
  }

  return (
    <form className="form appeal" aria-label="Appeal this decision" noValidate onSubmit={submit}>
      <h3>Think this was wrong?</h3>
      <p>
        You can appeal once. Someone from the Peerway team who wasn't part of the decision reads it and replies through a
        notification.
      </p>
      <Field
        label="Your appeal"
        name="text"
        errors={clientErrors ?? errors?.fields.text}
        hint={`Say what you'd like the team to know, in at least ${APPEAL_MIN} characters.`}
      >
        {(control) => <textarea {...control} rows={4} maxLength={APPEAL_MAX} value={text} onChange={(event) => setText(event.target.value)} />}
      </Field>
      <FormAlert message={errors?.general ?? null} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={appeal.isPending}>
          {appeal.isPending ? "Sending…" : "Send appeal"}
        </button>
      </div>
    </form>
  );
}
