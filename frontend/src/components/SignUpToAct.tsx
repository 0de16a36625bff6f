import { useId, type ReactNode } from "react";
import { Link, useLocation } from "react-router";

/**
 * Where a member would act (join, book, save), a signed-out visitor is offered to sign up or sign
 * in, and both bring them back to this page afterwards (`from`, as RequireAuth passes it).
 */
export function SignUpToAct({ title, children }: { title: string; children?: ReactNode }) {
  const headingId = useId();
  const { pathname, search, hash } = useLocation();
  const from = pathname + search + hash;
  return (
    <section className="card membership" aria-labelledby={headingId}>
      <h2 id={headingId}>{title} — sign up or sign in</h2>
      {children}
      <p className="muted">It's free, you can use a pseudonym, and you'll come straight back here.</p>
      <p className="actions">
        <Link to="/sign-up" state={{ from }} className="button">
          Create an account
        </Link>
        <Link to="/sign-in" state={{ from }} className="button button--quiet">
          Sign in
        </Link>
      </p>
    </section>
  );
}
