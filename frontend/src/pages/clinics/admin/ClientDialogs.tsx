import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { api } from "../../../api/client";
import { CopyButton } from "../../../components/CopyButton";
import { Field, focusFirstInvalid } from "../../../components/Field";
import { FormAlert } from "../../../components/FormAlert";
import { FormDialog } from "../../../components/FormDialog";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../../lib/problems";
import { CLIENT_SCOPE_NOTE, CLIENT_SCOPES } from "../labels";
import type { ClientScope, ClinicClientCredentials } from "../queries";
import { CLIENT_FIELDS, validateClient, type ClientField } from "./clinicForm";

/**
 * A client's id and secret, shown once: the API keeps only a hash of the secret. The dialog asks
 * the admin to copy it before closing, and says it will not be shown again.
 */
export function SecretDialog({
  credentials,
  title,
  onClose,
}: {
  credentials: ClinicClientCredentials | null;
  title: string;
  onClose: () => void;
}) {
  const idLabel = useId();
  const secretLabel = useId();
  return (
    <FormDialog open={credentials !== null} title={title} onClose={onClose}>
      {credentials ? (
        <div className="client-secret">
          <p className="alert alert--info" role="note">
            <strong>Copy the secret now: it will not be shown again.</strong> Peerway keeps only a scrambled copy. If it is lost,
            make a new secret (the old one then stops working).
          </p>
          <div className="secret">
            <p className="secret__label" id={idLabel}>
              Client ID
            </p>
            <input
              className="secret__input"
              type="text"
              readOnly
              value={credentials.client_id}
              aria-labelledby={idLabel}
              onFocus={(event) => event.target.select()}
            />
            <p>
              <CopyButton value={credentials.client_id} label="Copy client ID" />
            </p>
            <p className="secret__label" id={secretLabel}>
              Client secret
            </p>
            <input
              className="secret__input"
              type="text"
              readOnly
              value={credentials.client_secret}
              aria-labelledby={secretLabel}
              onFocus={(event) => event.target.select()}
              data-testid="client-secret"
            />
            <p>
              <CopyButton value={credentials.client_secret} label="Copy secret" />
            </p>
          </div>
          <p>
            Give both to the clinic's technical contact through a secure channel. Their system trades them for a short-lived token
            at <code>POST /api/v1/oauth/token</code>.
          </p>
          <div className="form__actions">
            <button type="button" className="button" autoFocus onClick={onClose}>
              I have copied it
            </button>
          </div>
        </div>
      ) : null}
    </FormDialog>
  );
}

/** Issue a new API client to a clinic: a name and what it may do. */
export function IssueClientDialog({
  open,
  clinicId,
  clinicName,
  onClose,
  onIssued,
  returnFocusTo,
}: {
  open: boolean;
  clinicId: string;
  clinicName: string;
  onClose: () => void;
  onIssued: (credentials: ClinicClientCredentials) => void;
  returnFocusTo?: React.RefObject<HTMLElement | null>;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <FormDialog open={open} title={`Issue a client to ${clinicName}`} busy={busy} onClose={onClose} returnFocusTo={returnFocusTo}>
      <IssueClientForm clinicId={clinicId} onBusyChange={setBusy} onClose={onClose} onIssued={onIssued} />
    </FormDialog>
  );
}

function IssueClientForm({
  clinicId,
  onBusyChange,
  onClose,
  onIssued,
}: {
  clinicId: string;
  onBusyChange: (busy: boolean) => void;
  onClose: () => void;
  onIssued: (credentials: ClinicClientCredentials) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const [label, setLabel] = useState("");
  const [scopes, setScopes] = useState<ClientScope[]>([]);
  const [errors, setErrors] = useState<FormErrors<ClientField>>(NO_ERRORS);
  const scopeErrorId = useId();
  const scopeHintId = useId();

  const issue = useMutation({
    mutationFn: async () =>
      (
        await unwrap(
          api.POST("/api/v1/clinics/{clinic_id}/clients", {
            params: { path: { clinic_id: clinicId }, header: { "Idempotency-Key": idempotencyKey.current } },
            body: { label: label.trim(), allowed_scopes: scopes },
          }),
        )
      ).data,
    onMutate: () => onBusyChange(true),
    onSettled: () => onBusyChange(false),
    onSuccess: (credentials) => onIssued(credentials),
    onError: (error) => {
      idempotencyKey.current = crypto.randomUUID();
      setErrors(formErrorsFrom(error, CLIENT_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  function changed() {
    idempotencyKey.current = crypto.randomUUID();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = validateClient(label, scopes);
    if (Object.keys(fields).length) {
      setErrors({ fields, general: "Some answers need another look: see the messages by each field." });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setErrors(NO_ERRORS);
    issue.mutate();
  }

  const scopeErrors = errors.fields.allowed_scopes;
  return (
    <form ref={formRef} className="form" noValidate onSubmit={submit}>
      <FormAlert message={errors.general} />
      <Field label="Name" name="label" errors={errors.fields.label} hint="What it is for, so you can tell clients apart, for example: EHR integration.">
        {(control) => (
          <input
            {...control}
            type="text"
            autoFocus
            autoComplete="off"
            maxLength={120}
            value={label}
            onChange={(event) => {
              setLabel(event.target.value);
              changed();
            }}
          />
        )}
      </Field>
      <fieldset
        className={scopeErrors?.length ? "field field--invalid" : "field"}
        aria-describedby={[scopeErrors?.length ? scopeErrorId : "", scopeHintId].filter(Boolean).join(" ")}
      >
        <legend>What may it do?</legend>
        <p className="field__hint" id={scopeHintId}>
          {CLIENT_SCOPE_NOTE}
        </p>
        {scopeErrors?.length ? (
          <ul className="field__errors" id={scopeErrorId}>
            {scopeErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        {CLIENT_SCOPES.map((scope) => (
          <ScopeOption
            key={scope.value}
            label={scope.label}
            description={scope.description}
            checked={scopes.includes(scope.value)}
            invalid={Boolean(scopeErrors?.length)}
            onChange={(checked) => {
              setScopes((current) =>
                checked ? CLIENT_SCOPES.map((item) => item.value).filter((value) => value === scope.value || current.includes(value)) : current.filter((value) => value !== scope.value),
              );
              changed();
            }}
          />
        ))}
      </fieldset>
      <div className="form__actions">
        <button type="button" className="button button--quiet" disabled={issue.isPending} onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button" disabled={issue.isPending}>
          {issue.isPending ? "Issuing…" : "Issue client"}
        </button>
      </div>
    </form>
  );
}

function ScopeOption({
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
        <code>{label}</code>
      </label>
      <p className="consent-scope__description" id={`${id}-description`}>
        {description}
      </p>
    </div>
  );
}
