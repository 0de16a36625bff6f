import type { ReactNode } from "react";
import { Link } from "react-router";
import { usePageTitle } from "./usePageTitle";

/** A calm placeholder for a part of Peerway that is still being built. */
export function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <article className="page page--narrow">
      <h1>{title}</h1>
      <div className="card">
        <p className="lead">{children}</p>
        <p>This part of Peerway is on its way. Thank you for your patience while we build it with care.</p>
        <p>
          <Link to="/">Back to the start</Link>
        </p>
      </div>
    </article>
  );
}
