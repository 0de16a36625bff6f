import { displayHost, mailtoHref, smsHref, telHref, webHref } from "../contact";
import type { Resource } from "../labels";

type Contactable = Pick<Resource, "phone" | "sms" | "url" | "email">;

/** Call, text, open the website, email: whichever the entry has, as large tap targets. */
export function ContactActions({ resource }: { resource: Contactable }) {
  const tel = telHref(resource.phone);
  const sms = smsHref(resource.sms);
  const web = webHref(resource.url);
  const mail = mailtoHref(resource.email);
  if (!tel && !sms && !web && !mail) {
    return <p>No direct contact details are listed for this entry.</p>;
  }
  return (
    <ul className="resource-contact">
      {tel ? (
        <li>
          <a className="button" href={tel}>
            Call {resource.phone}
          </a>
        </li>
      ) : null}
      {sms ? (
        <li>
          <a className="button button--quiet" href={sms}>
            Text {resource.sms}
          </a>
        </li>
      ) : null}
      {web ? (
        <li>
          <a className="button button--quiet" href={web} target="_blank" rel="noopener noreferrer">
            Visit {displayHost(web)}
            {" "}
            <span className="visually-hidden">(opens in a new tab)</span>
          </a>
        </li>
      ) : null}
      {mail ? (
        <li>
          <a className="button button--quiet" href={mail}>
            Email {resource.email}
          </a>
        </li>
      ) : null}
    </ul>
  );
}
