import type { ReactNode } from "react";
import { helpHref, useHelpHref } from "./help";

/** A document link to the server-rendered crisis page, for the member's country when it is known. */
export function HelpLink({ children, className, region }: { children: ReactNode; className?: string; region?: string | null }) {
  const memberHref = useHelpHref();
  return (
    <a href={region ? helpHref(region) : memberHref} className={className}>
      {children}
    </a>
  );
}
