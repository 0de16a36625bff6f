import { useEffect, useRef } from "react";

/**
 * Focus an element (a heading with tabIndex -1) when it first appears and whenever `key`
 * changes, so keyboard and screen reader users land on the new step of a multi-step flow.
 */
export function useFocusOnMount<T extends HTMLElement>(key?: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return ref;
}
