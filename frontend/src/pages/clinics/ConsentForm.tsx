import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { describeError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { toRfc3339InZone } from "../../lib/zonedTime";
import {
  CONSENT_FIELDS,
  END_OF_DAY,
  EVENT_MAX,
  PURPOSE_MAX,
  toGrant,
  untilBounds,
  validateConsent,
  type ConsentField,
  type ConsentValues,
} from "./consentForm";
import { consentSentence, discloserInWords, SHARE_SCOPES, sortScopes } from "./labels";
import { invalidateConsents, useClinics, type Clinic, type Consent, type ShareScope } from "./queries";

interface ConsentFormProps {
  initial: ConsentValues;
  timeZone: string;
  /** Answering a clinic's proposal: the clinic and purpose are theirs; scopes can only be fewer. */
  proposal?: Consent;
  /** Consents in force now, to say when a new one replaces an earlier one to the same clinic. */
  active: readonly Consent[];
}

/**
 * Grant a consent, or answer a clinic's proposal: what to share (each explained), why, until
 * when, and the member's acknowledgement that they can stop at any time. Checked here first,
 * with the API's own messages shown beside each field.
 */
export function ConsentForm({ initial, timeZone, proposal, active }: ConsentFormProps) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const [values, setValues] = useState<ConsentValues>(initial);
  const [errors, setErrors] = useState<FormErrors<ConsentField>>(NO_ERRORS);
  const [confirmDecline, setConfirmDecline] = useState(false);
  const clinics = useClinics(false, !proposal);
  const clinicList = clinics.data?.pages.flatMap((page) => page.items) ?? [];
  const clinic: Pick<Clinic, "id" | "name" | "website" | "description"> | undefined = proposal
    ? { ...proposal.clinic, description: null }
    : clinicList.find((item) => item.id === values.clinicId);
  // Answering a proposal, the clinic and purpose are not fields: the API's words about them go in the general message.
  const fieldNames = proposal ? CONSENT_FIELDS.filter((name) => name !== "clinic_id" && name !== "purpose") : CONSENT_FIELDS;
  const replaces = active.find((consent) => consent.clinic.id === values.clinicId && consent.id !== proposal?.id);
  const { min, max } = untilBounds(timeZone);
  const scopeChoices = proposal ? SHARE_SCOPES.filter((scope) => proposal.scopes.includes(scope.value)) : SHARE_SCOPES;
  const ids = { scopesError: useId(), scopesHint: useId(), ackError: useId(), ackHint: useId(), ack: useId() };

  const grant = useMutation({
    mutationFn: async () =>
      (
        await unwrap(
          api.POST("/api/v1/members/me/consents", {
            body: toGrant(values, timeZone, proposal?.id),
            params: { header: { "Idempotency-Key": idempotencyKey.current } },
          }),
        )
      ).data,
    // Leave first: refreshed lists would show this proposal as answered while still on it.
    onSuccess: (consent) => {
      navigate("/account/clinics", {
        state: { notice: `Done. You are sharing with ${consent.clinic.name} now. You can stop at any time on this page.` },
      });
      void invalidateConsents(queryClient);
    },
    onError: (error) => {
      idempotencyKey.current = crypto.randomUUID();
      setErrors(formErrorsFrom(error, fieldNames));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  const decline = useMutation({
    mutationFn: async (consentId: string) =>
      (await unwrap(api.DELETE("/api/v1/members/me/consents/{consent_id}", { params: { path: { consent_id: consentId } } }))).data,
    onSuccess: (consent) => {
      navigate("/account/clinics", { state: { notice: `You said no to ${consent.clinic.name}. Nothing was shared.` } });
      void invalidateConsents(queryClient);
    },
    onSettled: () => setConfirmDecline(false),
  });

  /** A changed answer is a new request; once messages show, each clears when its answer is good. */
  function update(patch: Partial<ConsentValues>) {
    const next = { ...values, ...patch };
    setValues(next);
    idempotencyKey.current = crypto.randomUUID();
    if (Object.keys(errors.fields).length) {
      const fields = validateConsent(next, timeZone, Date.now(), { answeringProposal: Boolean(proposal) });
      setErrors({ fields, general: Object.keys(fields).length ? errors.general : null });
    }
  }

  function toggleScope(scope: ShareScope, checked: boolean) {
    const scopes = checked ? sortScopes([...values.scopes, scope]) : values.scopes.filter((item) => item !== scope);
    update({ scopes });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = validateConsent(values, timeZone, Date.now(), { answeringProposal: Boolean(proposal) });
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, general: "Some answers need another look: see the messages by each field." });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setErrors(NO_ERRORS);
    grant.mutate();
  }

  const scopeErrors = errors.fields.scopes;
  const ackErrors = errors.fields.right_to_revoke_acknowledged;
  const summaryName = clinic?.name ?? "The clinic";
  const summaryUntil = untilInstant(values.until, timeZone);
  const busy = grant.isPending || decline.isPending;

  return (
    <form ref={formRef} className="form card consent-form" noValidate onSubmit={submit} aria-label={proposal ? "Answer this request" : "Share with a clinic"}>
      <FormAlert message={errors.general ?? (decline.error ? describeError(decline.error) : null)} />

      {proposal ? null : (
        <>
          <Field
            label="Clinic"
            name="clinic_id"
            errors={errors.fields.clinic_id}
            hint="Only Peerway's partner clinics are listed."
          >
            {(control) => (
              <select {...control} value={values.clinicId} onChange={(event) => update({ clinicId: event.target.value })}>
                <option value="">{clinics.isPending ? "Loading clinics…" : "Choose a clinic"}</option>
                {clinicList.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {clinics.isError ? <QueryError error={clinics.error} onRetry={() => void clinics.refetch()} /> : null}
          <LoadMore
            hasMore={clinics.hasNextPage}
            loading={clinics.isFetchingNextPage}
            onLoad={() => void clinics.fetchNextPage()}
            label="List more clinics"
          />
          {clinics.isSuccess && clinicList.length === 0 ? (
            <p className="alert alert--info">There are no partner clinics yet, so there is no one to share with.</p>
          ) : null}
          {clinic && (clinic.description || clinic.website) ? (
            <div className="consent-form__clinic">
              {clinic.description ? <p>{clinic.description}</p> : null}
              {clinic.website ? (
                <p>
                  <a href={clinic.website} target="_blank" rel="noreferrer noopener">
                    {clinic.name}'s website<span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                </p>
              ) : null}
            </div>
          ) : null}
          {replaces ? (
            <p className="alert alert--info">
              You already share with {replaces.clinic.name}. Agreeing here replaces what you agreed before.
            </p>
          ) : null}
        </>
      )}

      <fieldset
        className={scopeErrors?.length ? "field field--invalid consent-scopes" : "field consent-scopes"}
        aria-describedby={[scopeErrors?.length ? ids.scopesError : "", ids.scopesHint].filter(Boolean).join(" ")}
      >
        <legend>What can they see?</legend>
        <p className="field__hint" id={ids.scopesHint}>
          {proposal
            ? "These are what the clinic asked for. Untick anything you would rather keep to yourself."
            : "Tick only what you are comfortable sharing."}
        </p>
        {scopeErrors?.length ? (
          <ul className="field__errors" id={ids.scopesError}>
            {scopeErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        {scopeChoices.map((scope) => (
          <ScopeCheck
            key={scope.value}
            label={scope.label}
            description={scope.description}
            checked={values.scopes.includes(scope.value)}
            invalid={Boolean(scopeErrors?.length)}
            onChange={(checked) => toggleScope(scope.value, checked)}
          />
        ))}
        {proposal ? null : <p className="muted consent-scopes__never">Private notes, messages and your email address are never shared.</p>}
      </fieldset>

      {proposal ? (
        <div className="consent-form__given">
          <p className="consent-form__label">What it is for (the clinic's words)</p>
          <p className="consent-form__quote">{proposal.purpose}</p>
        </div>
      ) : (
        <Field
          label="What is it for?"
          name="purpose"
          errors={errors.fields.purpose}
          hint="In your own words, for example: so my key worker can see how I am doing between appointments."
        >
          {(control) => (
            <textarea {...control} rows={3} maxLength={PURPOSE_MAX + 100} value={values.purpose} onChange={(event) => update({ purpose: event.target.value })} />
          )}
        </Field>
      )}

      <div className="form__row">
        <Field
          label="Share until"
          name="expires_at"
          errors={errors.fields.expires_at}
          hint="The last day they can see it: up to two years from now. You can stop sooner at any time."
        >
          {(control) => <input {...control} type="date" min={min} max={max} value={values.until} onChange={(event) => update({ until: event.target.value })} />}
        </Field>
        <Field
          label="Or stop earlier, when…"
          name="expiry_event"
          tag="optional"
          errors={errors.fields.expiry_event}
          hint="For example: when my treatment at the clinic ends. Peerway can't know when that happens, so come back here and stop sharing then."
        >
          {(control) => (
            <input {...control} type="text" maxLength={EVENT_MAX} value={values.expiryEvent} onChange={(event) => update({ expiryEvent: event.target.value })} />
          )}
        </Field>
      </div>

      <div className="consent-form__summary">
        <p className="consent-form__label">In short</p>
        <p>
          {!values.scopes.length
            ? "Nothing is ticked yet, so nothing would be shared."
            : !summaryUntil
              ? "Choose the last day they can see it."
              : consentSentence(
                  {
                    clinic: { id: values.clinicId, name: summaryName, website: null },
                    scopes: values.scopes,
                    expires_at: summaryUntil,
                    expiry_event: values.expiryEvent,
                    status: "active",
                  },
                  timeZone,
                )}
        </p>
        <p>
          <span className="consent-form__label">Who shares it:</span> {discloserInWords(proposal?.discloser)}. Each time the clinic
          looks, it shows in <Link to="/account/access-log">who has seen your private information</Link>.
        </p>
      </div>

      <div className={ackErrors?.length ? "field field--invalid" : "field"}>
        {ackErrors?.length ? (
          <ul className="field__errors" id={ids.ackError}>
            {ackErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        <div className="check check--boxed">
          <input
            id={ids.ack}
            type="checkbox"
            name="right_to_revoke_acknowledged"
            checked={values.acknowledged}
            aria-invalid={ackErrors?.length ? true : undefined}
            aria-describedby={[ackErrors?.length ? ids.ackError : "", ids.ackHint].filter(Boolean).join(" ")}
            onChange={(event) => update({ acknowledged: event.target.checked })}
          />
          <label htmlFor={ids.ack}>I understand I can withdraw this at any time</label>
        </div>
        <p className="field__hint" id={ids.ackHint}>
          Stopping works straight away: from then on the clinic cannot read anything through Peerway. What they already saw
          may stay in their own records.
        </p>
      </div>

      <div className="form__actions">
        <button type="submit" className="button" disabled={busy}>
          {grant.isPending ? "Saving…" : "Agree and start sharing"}
        </button>
        {proposal ? (
          <button type="button" className="button button--danger-quiet" disabled={busy} onClick={() => setConfirmDecline(true)}>
            Say no…
          </button>
        ) : (
          <Link to="/account/clinics" className="button button--quiet">
            Cancel
          </Link>
        )}
      </div>

      {proposal ? (
        <ConfirmDialog
          open={confirmDecline}
          title={`Say no to ${proposal.clinic.name}?`}
          confirmLabel="Say no"
          cancelLabel="Go back"
          busy={decline.isPending}
          onConfirm={() => decline.mutate(proposal.id)}
          onCancel={() => setConfirmDecline(false)}
        >
          <p>Nothing will be shared with them. If you change your mind later, you can choose to share with them from Sharing with clinics.</p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}

/** The chosen day's end as an instant, for the summary sentence (null while no valid date is chosen). */
function untilInstant(until: string, timeZone: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? toRfc3339InZone({ date: until, time: END_OF_DAY }, timeZone) : null;
}

function ScopeCheck({
  label,
  description,
  checked,
  invalid,
  onChange,
}: {
  label: string;
  description: string;
  checked: boolean;
  invalid: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="consent-scope">
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-describedby={`${id}-description`}
          aria-invalid={invalid ? true : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        {label}
      </label>
      <p className="consent-scope__description" id={`${id}-description`}>
        {description}
      </p>
    </div>
  );
}
