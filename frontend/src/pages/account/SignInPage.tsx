import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { usePageTitle } from "../../components/usePageTitle";
import { formErrorsFrom, type FormErrors } from "../../lib/problems";
import { safeReturnPath, useSignedIn, type ReturnState } from "../../lib/session";
import { signIn } from "./queries";

const FIELDS = ["email", "password"] as const;
type SignInField = (typeof FIELDS)[number];

interface SignInState extends ReturnState {
  signedOut?: boolean;
  expired?: boolean;
}

export function SignInPage() {
  usePageTitle("Sign in");
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as SignInState;
  const returnTo = safeReturnPath(state.from);
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FormErrors<SignInField>>({ fields: {}, general: null });

  const login = useMutation({
    mutationFn: () => signIn(email.trim(), password),
    onSuccess: () => navigate(returnTo, { replace: true }),
    onError: (error) => {
      setErrors(formErrorsFrom(error, FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  if (signedIn && !login.isPending && !login.isSuccess) return <Navigate to={returnTo} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({ fields: {}, general: null });
    login.mutate();
  }

  const notice = state.signedOut
    ? "You've signed out on this device. Take care."
    : state.expired
      ? "Your sign-in has ended. Please sign in again."
      : state.from
        ? "Please sign in to continue."
        : null;

  return (
    <article className="page page--narrow">
      <h1>Sign in</h1>
      <StatusMessage message={notice} />
      <form ref={formRef} className="card form" onSubmit={submit} noValidate>
        <FormAlert message={errors.general} />
        <Field label="Email" name="email" errors={errors.fields.email}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password" name="password" errors={errors.fields.password}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button" disabled={login.isPending}>
            {login.isPending ? "Signing in…" : "Sign in"}
          </button>
        </div>
        <p className="form__aside">
          New to Peerway?{" "}
          <Link to="/sign-up" state={state.from ? { from: state.from } : undefined}>
            Create an account
          </Link>
        </p>
      </form>
    </article>
  );
}
