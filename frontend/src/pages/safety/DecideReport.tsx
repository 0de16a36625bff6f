import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { ApiError, describeError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import {
  decisionBody,
  DEFAULT_MUTE_DAYS,
  DECISION_FIELDS,
  MUTE_DAYS_MAX,
  REASON_MAX,
  validateDecision,
  type DecisionField,
  type DecisionValues,
} from "./decisionForm";
import { ACTIONS, availableActions, decisionDone, decisionSummary } from "./labels";
import { invalidateModeration, useIsAdmin, type Report, type ReportAction } from "./queries";

const CONFIRM_LABELS: Record<ReportAction, string> = {
  warn: "Send the warning",
  mute: "Mute them",
  remove: "Remove them",
  ban: "Suspend the account",
  hide_post: "Hide the post",
  dismiss: "Dismiss the report",
};

/** Warn, mute, remove, suspend (admins) or dismiss: a reason, then a confirmation step. */
export function DecideReport({ report, subjectName, onDone }: { report: Report; subjectName: string | null; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const isAdmin = useIsAdmin();
  const formRef = useRef<HTMLFormElement>(null);
  const actionName = useId();
  const actionErrorId = useId();
  const [values, setValues] = useState<DecisionValues>({ action: "", reason: "", muteDays: String(DEFAULT_MUTE_DAYS) });
  const [errors, setErrors] = useState<FormErrors<DecisionField>>(NO_ERRORS);
  const [confirming, setConfirming] = useState(false);
  const actions = availableActions({ hasSubject: subjectName !== null, groupId: report.group_id, postId: report.post_id }, isAdmin);

  const decide = useMutation({
    mutationFn: async (values: DecisionValues & { action: ReportAction }) =>
      unwrap(api.PATCH("/api/v1/reports/{report_id}", { params: { path: { report_id: report.id } }, body: decisionBody(values) })),
    onSuccess: async (_result, values) => {
      setConfirming(false);
      onDone(decisionDone(values.action, subjectName, Number(values.muteDays)));
      await invalidateModeration(queryClient);
    },
    onError: async (error) => {
      setConfirming(false);
      if (error instanceof ApiError && error.status === 409) {
        setErrors({ fields: {}, general: describeError(error) });
        await invalidateModeration(queryClient);
        return;
      }
      setErrors(formErrorsFrom(error, DECISION_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  /** Once messages are showing, each goes away as soon as its answer is good enough. */
  function update(patch: Partial<DecisionValues>) {
    const next = { ...values, ...patch };
    setValues(next);
    if (Object.keys(errors.fields).length) {
      const fields = validateDecision(next);
      setErrors({ fields, general: Object.keys(fields).length ? errors.general : null });
    }
  }

  function review(event: FormEvent) {
    event.preventDefault();
    const fields = validateDecision(values);
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, general: "Some answers need another look: see the messages by each field." });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setErrors(NO_ERRORS);
    setConfirming(true);
  }

  const chosen = values.action || null;
  const actionErrors = errors.fields.action;
  return (
    <form ref={formRef} className="form report__decide" noValidate onSubmit={review}>
      <fieldset
        className={actionErrors?.length ? "field field--invalid" : "field"}
        aria-describedby={actionErrors?.length ? actionErrorId : undefined}
      >
        <legend>What will you do?</legend>
        {actionErrors?.length ? (
          <ul className="field__errors" id={actionErrorId}>
            {actionErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        {ACTIONS.filter((info) => actions.includes(info.value)).map((info) => (
          <div key={info.value} className="report-category">
            <label className="check">
              <input
                type="radio"
                name={actionName}
                value={info.value}
                checked={values.action === info.value}
                aria-describedby={`${actionName}-${info.value}`}
                aria-invalid={actionErrors?.length ? true : undefined}
                onChange={() => update({ action: info.value })}
              />
              {info.label}
              {info.value === "ban" ? <span className="field__tag">admins</span> : null}
            </label>
            <p className="report-category__description" id={`${actionName}-${info.value}`}>
              {info.effect}
            </p>
          </div>
        ))}
        {subjectName === null ? (
          <p className="muted">This report names no one, so it can only be dismissed, or followed up in the group.</p>
        ) : null}
      </fieldset>
      {chosen === "mute" ? (
        <Field label="For how many days?" name="mute_days" errors={errors.fields.mute_days} hint={`1 to ${MUTE_DAYS_MAX} days.`}>
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={MUTE_DAYS_MAX}
              className="report__days"
              value={values.muteDays}
              onChange={(event) => update({ muteDays: event.target.value })}
            />
          )}
        </Field>
      ) : null}
      <Field
        label={chosen === "dismiss" ? "Note for the record" : "Reason"}
        name="reason"
        errors={errors.fields.reason}
        hint={
          chosen === "dismiss"
            ? "Kept with the report. The member is not told."
            : "Shown to the member with the decision. Be kind and specific: say what happened and what you expect."
        }
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={REASON_MAX}
            value={values.reason}
            onChange={(event) => update({ reason: event.target.value })}
          />
        )}
      </Field>
      <FormAlert message={errors.general} />
      <div className="form__actions">
        <button type="submit" className="button">
          Review decision…
        </button>
      </div>
      <ConfirmDialog
        open={confirming && chosen !== null}
        title="Check your decision"
        confirmLabel={chosen ? CONFIRM_LABELS[chosen] : "Confirm"}
        danger={chosen === "remove" || chosen === "ban"}
        busy={decide.isPending}
        onConfirm={() => chosen && decide.mutate({ ...values, action: chosen })}
        onCancel={() => setConfirming(false)}
      >
        {chosen ? <p>{decisionSummary(chosen, subjectName, Number(values.muteDays))}</p> : null}
        {chosen && chosen !== "dismiss" ? (
          <>
            <p>They will read this reason:</p>
            <blockquote className="report__text">{values.reason.trim()}</blockquote>
            <p className="muted">They won't see who reported them, and they can appeal once.</p>
          </>
        ) : null}
      </ConfirmDialog>
    </form>
  );
}
