import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { api, type Tokens } from "../../api/client";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { ApiError, describeError, unwrap } from "../../lib/problems";
import { signOutAndGo } from "../../lib/session";
import { requestTokens, type ProfileWithVersion } from "./queries";

type Step = "password" | "delete";

class DeleteFailed extends Error {
  constructor(
    readonly step: Step,
    readonly reason: unknown,
  ) {
    super("delete failed");
  }
}

/**
 * Account deletion needs a fresh sign-in: the password gets a fresh token from /auth/login,
 * which then authorises DELETE /members/me.
 */
export function DeleteAccount({ current }: { current: ProfileWithVersion }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const passwordRef = useRef<HTMLInputElement>(null);

  const erase = useMutation({
    mutationFn: async () => {
      let fresh: Tokens;
      try {
        fresh = await requestTokens(current.profile.email ?? "", password);
      } catch (error) {
        throw new DeleteFailed("password", error);
      }
      const authorization = `Bearer ${fresh.access}`;
      try {
        await unwrap(
          api.DELETE("/api/v1/members/me", {
            headers: { Authorization: authorization },
            params: { header: current.etag ? { "If-Match": current.etag } : {} },
          }),
        );
      } catch (error) {
        // Don't leave the extra sign-in we just made lying around.
        void api.POST("/api/v1/auth/logout", { headers: { Authorization: authorization } }).catch(() => undefined);
        throw new DeleteFailed("delete", error);
      }
    },
    onSuccess: async () => {
      await signOutAndGo(navigate, "/account-deleted");
      queryClient.clear();
    },
    onError: () => requestAnimationFrame(() => passwordRef.current?.focus()),
  });

  const failure = erase.error instanceof DeleteFailed ? erase.error : null;
  const wrongPassword = failure?.step === "password" && failure.reason instanceof ApiError && failure.reason.status === 401;
  const general = !failure || wrongPassword
    ? null
    : failure.reason instanceof ApiError && failure.reason.status === 412
      ? "Your profile changed since this page opened. Reload the page, then try again."
      : describeError(failure.reason);

  function submit(event: FormEvent) {
    event.preventDefault();
    erase.mutate();
  }

  return (
    <section className="card card--danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete your account</h2>
      <p>
        This deletes your profile, email and private details, and signs you out everywhere. What
        you shared in groups stays, without your name. It can't be undone.
      </p>
      {!open ? (
        <button type="button" className="button button--danger-quiet" onClick={() => setOpen(true)}>
          Delete my account…
        </button>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <FormAlert message={general} />
          <Field
            label="Your password"
            name="password"
            hint="To make sure it's really you."
            errors={wrongPassword ? ["That password is not right."] : undefined}
          >
            {(control) => (
              <input
                {...control}
                ref={passwordRef}
                type="password"
                autoComplete="current-password"
                required
                autoFocus
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
          <div className="form__actions">
            <button type="submit" className="button button--danger" disabled={erase.isPending || password === ""}>
              {erase.isPending ? "Deleting…" : "Delete my account permanently"}
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={erase.isPending}
              onClick={() => {
                setOpen(false);
                setPassword("");
                erase.reset();
              }}
            >
              Keep my account
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
