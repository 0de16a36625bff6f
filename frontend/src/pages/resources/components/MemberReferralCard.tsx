import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { Field } from "../../../components/Field";
import { FormAlert, StatusMessage } from "../../../components/FormAlert";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "../../../lib/problems";
import { kindLabel, REFERRAL_STATUS_LABELS, type ReferralStatus } from "../labels";
import { useUpdateReferral } from "../queries";
import { nextSteps, referrerOf, STEP_CONFIRMATIONS, STEP_LABELS, statusUpdate, type Referral } from "../referrals";
import { formatCheckedOn } from "../verification";

const FIELDS = ["status", "reason"] as const;

/** A referral made to me: the resource, my coach's note, and buttons to say how it went. */
export function MemberReferralCard({ referral, timeZone }: { referral: Referral; timeZone?: string | null }) {
  const update = useUpdateReferral(referral);
  const [askingReason, setAskingReason] = useState(false);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FormErrors<(typeof FIELDS)[number]>>(NO_ERRORS);
  const [done, setDone] = useState<string | null>(null);
  const coach = referrerOf(referral);
  const coachName = coach?.display_name ?? "Your coach";

  function send(status: ReferralStatus) {
    setErrors(NO_ERRORS);
    setDone(null);
    update.mutate(statusUpdate(status, reason), {
      onSuccess: () => {
        setAskingReason(false);
        setDone(STEP_CONFIRMATIONS[status]);
      },
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
    });
  }

  function submitReason(event: FormEvent) {
    event.preventDefault();
    send("not_suitable");
  }

  return (
    <li className="card resource-card">
      <h2 className="resource-card__title">
        <Link to={`/resources/${referral.resource.id}`}>{referral.resource.name}</Link>
      </h2>
      <p className="resource-card__meta">
        {kindLabel(referral.resource.kind)} · Suggested by {coachName} on {formatCheckedOn(referral.created_at, timeZone)}
      </p>
      {referral.note ? (
        <>
          <p>{coach ? `A note from ${coach.display_name}:` : "A note from your coach:"}</p>
          <blockquote className="referral__note">
            <p>{referral.note}</p>
          </blockquote>
        </>
      ) : null}
      <p>
        Status: <strong>{REFERRAL_STATUS_LABELS[referral.status]}</strong>
      </p>
      {referral.status === "not_suitable" && referral.reason ? <p>Why it didn't fit: {referral.reason}</p> : null}
      <StatusMessage message={done} />
      <FormAlert message={errors.fields.reason ? null : errors.general} />
      {askingReason ? (
        <form className="form" onSubmit={submitReason} noValidate>
          <Field
            label="What didn't fit?"
            name="reason"
            errors={errors.fields.reason}
            hint="A few words for your coach, such as “too far to travel” or “not open when I can go”."
          >
            {(control) => (
              <textarea {...control} rows={2} minLength={2} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
            )}
          </Field>
          <div className="form__actions">
            <button type="submit" className="button" disabled={update.isPending}>
              Save: not suitable
            </button>
            <button type="button" className="button button--quiet" onClick={() => setAskingReason(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="actions">
          {nextSteps(referral.status).map((status) =>
            status === "not_suitable" ? (
              <button key={status} type="button" className="button button--quiet" onClick={() => setAskingReason(true)}>
                {STEP_LABELS[status]}
              </button>
            ) : (
              <button key={status} type="button" className="button button--quiet" disabled={update.isPending} onClick={() => send(status)}>
                {STEP_LABELS[status]}
              </button>
            ),
          )}
        </p>
      )}
    </li>
  );
}
