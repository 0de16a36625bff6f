import { formatDate } from "../../lib/dates";
import type { CrisisLine } from "./types";
import { dialable, languageName, smsHref } from "./region";

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, "");
  } catch {
    return url;
  }
}

export function CrisisLineCard({ line }: { line: CrisisLine }) {
  const hours = line.hours === "24/7" ? "24 hours a day, every day" : line.hours;
  return (
    <li className="card crisis-line">
      <h3>{line.name}</h3>
      {line.description ? <p>{line.description}</p> : null}
      <div className="crisis-line__actions">
        {line.phone ? (
          <a className="button" href={`tel:${dialable(line.phone)}`}>
            Call {line.phone}
          </a>
        ) : null}
        {line.sms ? (
          <a className="button button--quiet" href={smsHref(line.sms, line.sms_keyword)}>
            {line.sms_keyword ? `Text ${line.sms_keyword} to ${line.sms}` : `Text ${line.sms}`}
          </a>
        ) : null}
      </div>
      <dl className="facts">
        {hours ? (
          <div>
            <dt>Open</dt>
            <dd>{hours}</dd>
          </div>
        ) : null}
        {line.languages?.length ? (
          <div>
            <dt>Languages</dt>
            <dd>{line.languages.map(languageName).join(", ")}</dd>
          </div>
        ) : null}
        {line.url ? (
          <div>
            <dt>Website</dt>
            <dd>
              <a href={line.url} rel="noreferrer">
                {hostOf(line.url)}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
      {line.source_url ? (
        <p className="crisis-line__source">
          Source: <a href={line.source_url} rel="noreferrer">{hostOf(line.source_url)}</a>
          {line.checked_on ? `, checked ${formatDate(line.checked_on)}` : null}
        </p>
      ) : null}
    </li>
  );
}
