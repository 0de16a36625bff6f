import { useMutation } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { usePageTitle } from "../../components/usePageTitle";
import { ApiError, formErrorsFrom, unwrap, type FormErrors } from "../../lib/problems";
import { safeReturnPath, useSignedIn, type ReturnState } from "../../lib/session";
import { guessTimeZone, listTimeZones, timeZoneLabel } from "../../lib/timeZones";
import { signIn } from "./queries";

type Register = components["schemas"]["Register"];
const FIELDS = ["email", "password", "display_name", "time_zone", "clinic_invitation"] as const;
type SignUpField = (typeof FIELDS)[number];

export function SignUpPage() {
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  // A visitor who chose to join, book or save comes back to that page once signed up.
  const from = ((useLocation().state ?? {}) as ReturnState).from;
  const returnTo = safeReturnPath(from);
  // A clinic's referral link: /sign-up?clinic_code=K7QP-M2XD-9RTF (the code, never anything about the person).
  const [params] = useSearchParams();
  const codeFromLink = params.get("clinic_code")?.trim().slice(0, 40) ?? "";
  const formRef = useRef<HTMLFormElement>(null);
  const guessedZone = useMemo(guessTimeZone, []);
  const zones = useMemo(() => listTimeZones(guessedZone), [guessedZone]);
  const [values, setValues] = useState<Register>({
    email: "",
    password: "",
    display_name: "",
    time_zone: guessedZone,
    clinic_invitation: codeFromLink,
  });
  const [errors, setErrors] = useState<FormErrors<SignUpField>>({ fields: {}, general: null });
  // One key per intended account: a retried submission of the same answers creates nothing new.
  const idempotencyKey = useRef<string>(crypto.randomUUID());

  const register = useMutation({
    mutationFn: async (values: Register) => {
      const { clinic_invitation: code, ...rest } = values;
      const body: Register = code?.trim() ? { ...rest, clinic_invitation: code.trim() } : rest;
      await unwrap(
        api.POST("/api/v1/auth/register", {
          body,
          params: { header: { "Idempotency-Key": idempotencyKey.current } },
        }),
      );
      await signIn(body.email, body.password);
      return { usedClinicCode: Boolean(body.clinic_invitation), displayName: body.display_name.trim() };
    },
    // With a clinic's code, stay to say what it means; otherwise back where they were, or home.
    onSuccess: ({ usedClinicCode }) => {
      if (usedClinicCode) return;
      if (from) navigate(returnTo, { replace: true, state: { notice: "Welcome to Peerway. You're signed in." } });
      else navigate("/", { replace: true, state: { welcome: true } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        setErrors({ fields: {}, general: "There may already be an account with this email." });
      } else {
        setErrors(formErrorsFrom(error, FIELDS));
      }
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  usePageTitle(register.data?.usedClinicCode ? "Welcome to Peerway" : "Create your account");
  if (signedIn && !register.isPending && !register.isSuccess) return <Navigate to={returnTo} replace />;
  if (register.data?.usedClinicCode) return <ClinicProposalWelcome displayName={register.data.displayName} />;

  function update(name: SignUpField, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
    idempotencyKey.current = crypto.randomUUID();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({ fields: {}, general: null });
    register.mutate(values);
  }

  return (
    <article className="page page--narrow">
      <h1>Create your account</h1>
      <p className="lead">
        Peerway is a place to meet peers in recovery. Only your display name, pronouns and a short
        bio are ever shown to other members.
      </p>
      {codeFromLink ? (
        <p className="alert alert--info">
          You have a clinic invitation: its code is filled in below. Creating your account shares nothing with the clinic. You
          will be asked first.
        </p>
      ) : null}
      <form ref={formRef} className="card form" onSubmit={submit} noValidate>
        <FormAlert message={errors.general}>
          {register.error instanceof ApiError && register.error.status === 409 ? (
            <p>
              If this is your email, you can{" "}
              <Link to="/sign-in" state={from ? { from } : undefined}>
                sign in
              </Link>{" "}
              instead.
            </p>
          ) : null}
        </FormAlert>
        <Field label="Email" name="email" errors={errors.fields.email} hint="Kept private. We use it to sign you in.">
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="email"
              required
              value={values.email}
              onChange={(event) => update("email", event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Password"
          name="password"
          errors={errors.fields.password}
          hint="At least 12 characters. A few unrelated words work well."
        >
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              maxLength={128}
              value={values.password}
              onChange={(event) => update("password", event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Display name"
          name="display_name"
          errors={errors.fields.display_name}
          hint="What other members see. Pseudonyms welcome."
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="nickname"
              required
              minLength={2}
              maxLength={60}
              value={values.display_name}
              onChange={(event) => update("display_name", event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Time zone"
          name="time_zone"
          errors={errors.fields.time_zone}
          hint="So session times show in your local time."
        >
          {(control) => (
            <select {...control} value={values.time_zone} onChange={(event) => update("time_zone", event.target.value)}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {timeZoneLabel(zone)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Clinic invitation code (optional)"
          name="clinic_invitation"
          errors={errors.fields.clinic_invitation}
          hint="Only if a partner clinic gave you one. It shares nothing by itself: you will be asked first what, if anything, to share with them."
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={40}
              value={values.clinic_invitation ?? ""}
              onChange={(event) => update("clinic_invitation", event.target.value)}
            />
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button" disabled={register.isPending}>
            {register.isPending ? "Creating your account…" : "Create account"}
          </button>
        </div>
        <p className="form__aside">
          Already have an account?{" "}
          <Link to="/sign-in" state={from ? { from } : undefined}>
            Sign in
          </Link>
        </p>
      </form>
    </article>
  );
}

/** After signing up with a clinic's code: the clinic proposed sharing, and nothing is shared yet. */
function ClinicProposalWelcome({ displayName }: { displayName: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <article className="page page--narrow">
      <h1 ref={heading} tabIndex={-1}>
        Welcome to Peerway, {displayName}
      </h1>
      <section className="card card--notice" aria-labelledby="clinic-proposal-heading">
        <h2 id="clinic-proposal-heading">A clinic has asked to see some of your information</h2>
        <p>
          Your invitation code came from a partner clinic. They have proposed what they would like to see and why. Nothing is
          shared unless you agree, you can share less than they asked, and you can say no.
        </p>
        <p className="actions">
          <Link to="/account/clinics" className="button">
            Review what they asked
          </Link>
          <Link to="/" className="button button--quiet">
            Not now
          </Link>
        </p>
      </section>
    </article>
  );
}
