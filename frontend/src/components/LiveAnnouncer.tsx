/**
 * A polite live region: what arrived while the member was reading ("2 new replies"). It never
 * moves focus or scrolls; screen readers read it when they are free.
 */
export function LiveAnnouncer({ message }: { message: string }) {
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" role="status">
      {message}
    </div>
  );
}

/** "1 new reply", "3 new replies". */
export function countPhrase(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
