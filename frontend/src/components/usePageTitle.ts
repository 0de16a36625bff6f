import { useEffect } from "react";

/** Sets document.title to "<title> · Peerway" while the page is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Peerway` : "Peerway";
  }, [title]);
}
