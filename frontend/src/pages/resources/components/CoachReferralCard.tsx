import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { Field } from "../../../components/Field";
import { FormAlert, StatusMessage } from "../../../components/FormAlert";
import { formatDate, todayIso } from "../../../lib/dates";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "../../../lib/problems";
import { REFERRAL_STATUS_LABELS } from "../labels";
import { useUpdateReferral } from "../queries";
import { isOpen, type Referral } from "../referrals";
import { formatCheckedOn } from "../verification";

const FIELDS = ["follow_up_on"] as const;

/** A referral I made: who, what, where it stands, and (while open) when I follow it up. */
export function CoachReferralCard({ referral, timeZone }: { referral: Referral; timeZone?: string | null }) {
  const update = useUpdateReferral(referral);
  const [followUp, setFollowUp] = useState(referral.follow_up_on ?? "");
  const [errors, setErrors] = useState<FormErrors<(typeof FIELDS)[number]>>(NO_ERRORS);
  const [done, setDone] = useState<string | null>(null);
  const open = isOpen(referral.status);

  function moveDate(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    setDone(null);
    update.mutate(
      { follow_up_on: followUp || null },
      {
        onSuccess: (saved) =>
          setDone(saved.follow_up_on ? `Follow-up moved to ${formatDate(saved.follow_up_on)}.` : "Follow-up date removed."),
        onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
      },
    );
  }

  return (
    <li className={referral.is_overdue ? "card resource-card referral--overdue" : "card resource-card"}>
      <h3 className="resource-card__title">
        <Link to={`/resources/${referral.resource.id}`}>{referral.resource.name}</Link>
      </h3>
      <p className="resource-card__meta">
        For {referral.member.display_name} · referred on {formatCheckedOn(referral.created_at, timeZone)}
      </p>
      <p>
        Status: <strong>{REFERRAL_STATUS_LABELS[referral.status]}</strong>
        {referral.is_overdue && referral.follow_up_on ? (
          <>
            {" "}
            · <strong>Follow-up was due {formatDate(referral.follow_up_on)}</strong>
          </>
        ) : null}
      </p>
      {referral.status === "not_suitable" && referral.reason ? <p>Why it didn't fit: {referral.reason}</p> : null}
      {!referral.is_overdue && open ? (
        <p>{referral.follow_up_on ? `Follow up by ${formatDate(referral.follow_up_on)}.` : "No follow-up date set."}</p>
      ) : null}
      <StatusMessage message={done} />
      {open ? (
        <form className="referral__date" onSubmit={moveDate} noValidate>
          <FormAlert message={errors.fields.follow_up_on ? null : errors.general} />
          <Field label="Follow-up date" name="follow_up_on" errors={errors.fields.follow_up_on}>
            {(control) => (
              <input {...control} type="date" min={todayIso()} value={followUp} onChange={(event) => setFollowUp(event.target.value)} />
            )}
          </Field>
          <button type="submit" className="button button--quiet" disabled={update.isPending}>
            Move follow-up date
          </button>
        </form>
      ) : null}
    </li>
  );
}
