import { displayHost, webHref } from "../contact";
import type { Resource } from "../labels";
import { formatCheckedOn, readVerification, verificationState } from "../verification";

/** Who last checked the entry against its source and when, with a calm warning when it is old. */
export function VerificationPanel({ resource, timeZone }: { resource: Pick<Resource, "verification" | "source_url">; timeZone?: string | null }) {
  const record = readVerification(resource.verification);
  const state = verificationState(record);
  const source = webHref(resource.source_url);
  const who = record.verifiedBy?.display_name ?? "a Peerway curator";
  return (
    <section
      aria-labelledby="verification-heading"
      className={state === "verified" ? "card resource-verification" : "card resource-verification resource-verification--caution"}
    >
      <h2 id="verification-heading">How up to date this is</h2>
      {record.verifiedAt ? (
        <p>
          Checked against its source by {who} on {formatCheckedOn(record.verifiedAt, timeZone)}.
        </p>
      ) : (
        <p>No one at Peerway has checked this entry against its source yet.</p>
      )}
      {state === "stale" ? (
        <p>
          <strong>That was more than a year ago.</strong> Numbers, hours and who can use the service may have changed, so
          please confirm with them before you rely on it.
        </p>
      ) : null}
      {state === "unverified" ? <p>Please confirm the details with the service before you rely on them.</p> : null}
      {source ? (
        <p>
          Source:{" "}
          <a href={source} target="_blank" rel="noopener noreferrer">
            {displayHost(source)}
            {" "}
            <span className="visually-hidden">(opens in a new tab)</span>
          </a>
        </p>
      ) : null}
    </section>
  );
}
