import { useEffect, useRef } from "react";
import { present } from "../../lib/present";
import { CrisisLineCard } from "../crisis/CrisisLineCard";
import { HelpLink } from "../crisis/HelpLink";
import type { CrisisResources } from "../crisis/types";

/**
 * Shown at once when MY new post or message reads like I may not be safe. Nothing is hidden or
 * held: the words went out as written; this only puts people to talk to right in front of me.
 * Focus moves to its heading (the member just pressed "Post"), so it is read first.
 */
export function CrisisInline({
  resources,
  onDismiss,
}: {
  resources: CrisisResources | Record<string, never> | null | undefined;
  onDismiss?: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const crisis = present(resources, "lines");
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const emergency = crisis?.emergency_number;
  return (
    <section className="card card--emergency crisis-inline" aria-labelledby="crisis-inline-heading">
      <h2 id="crisis-inline-heading" ref={headingRef} tabIndex={-1}>
        You don't have to carry this alone
      </h2>
      <p>
        Your words are posted, and thank you for sharing them. If you're thinking about ending your life or you might
        be in danger, people are ready to listen right now, free and in confidence.
      </p>
      {emergency ? (
        <p>
          In an emergency, call <strong>{emergency}</strong>.
        </p>
      ) : null}
      {crisis?.lines.length ? (
        <ul className="crisis-lines">
          {crisis.lines.map((line) => (
            <CrisisLineCard key={`${line.region}-${line.name}`} line={line} />
          ))}
        </ul>
      ) : null}
      <p>
        <HelpLink region={crisis?.region}>More helplines and ways to reach someone</HelpLink>
      </p>
      {onDismiss ? (
        <p>
          <button type="button" className="button button--quiet button--small" onClick={onDismiss}>
            Close this message
          </button>
        </p>
      ) : null}
    </section>
  );
}
