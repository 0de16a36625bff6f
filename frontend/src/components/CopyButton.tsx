import { useState } from "react";

/** Copies a secret or a code to the clipboard and says so (politely, for screen readers). */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }

  return (
    <span className="copy">
      <button type="button" className="button button--quiet button--small" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="copy__status">
        {copied === "yes" ? "Copied." : copied === "no" ? "Couldn't copy: select the text and copy it instead." : ""}
      </span>
    </span>
  );
}
