import { useId, useState } from "react";
import { useSearchParams } from "react-router";
import { StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/dates";
import { present } from "../../lib/present";
import { useViewerTimeZone } from "../account/queries";
import type { PublicProfile } from "../groups/queries";
import { DecideReport } from "./DecideReport";
import { categoryLabel, STATUS_LABELS } from "./labels";
import { GroupName, ModerationNav, SessionName, StatusTabs } from "./parts";
import { useReports, type Report, type ReportStatus } from "./queries";
import "./safety.css";

const TABS: readonly { value: ReportStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "actioned", label: "Acted on" },
  { value: "dismissed", label: "Dismissed" },
];

function statusFrom(value: string | null): ReportStatus {
  return value === "actioned" || value === "dismissed" ? value : "open";
}

/** The moderation queue: reports about the groups I facilitate (all of them for admins). */
export function ModerationPage() {
  usePageTitle("Moderation");
  const [params] = useSearchParams();
  const status = statusFrom(params.get("status"));
  const reports = useReports(status);
  const timeZone = useViewerTimeZone();
  const [done, setDone] = useState<string | null>(null);
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <article className="page page--medium moderation">
      <h1>Moderation</h1>
      <ModerationNav />
      <p className="lead">
        Reports about the groups you facilitate. Take a breath before deciding: each decision is sent to the member with your
        reason, and they can appeal once.
      </p>
      <StatusTabs label="Reports by status" tabs={TABS} current={status} />
      <StatusMessage message={done} />
      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading" className="visually-hidden">
          {STATUS_LABELS[status]} reports
        </h2>
        {reports.isPending ? <p>Loading reports…</p> : null}
        {reports.isError ? <QueryError error={reports.error} onRetry={() => void reports.refetch()} /> : null}
        {reports.isSuccess && items.length === 0 ? (
          <div className="card">
            <p>
              {status === "open"
                ? "Nothing is waiting for you. Reports about groups you facilitate will appear here."
                : status === "actioned"
                  ? "No reports have been acted on yet."
                  : "No reports have been dismissed."}
            </p>
          </div>
        ) : null}
        <ul className="reports">
          {items.map((report) => (
            <ReportCard key={report.id} report={report} timeZone={timeZone} onDone={setDone} />
          ))}
        </ul>
        <LoadMore hasMore={reports.hasNextPage} loading={reports.isFetchingNextPage} onLoad={() => void reports.fetchNextPage()} />
      </section>
    </article>
  );
}

function ReportCard({ report, timeZone, onDone }: { report: Report; timeZone: string; onDone: (message: string) => void }) {
  const subject = present<PublicProfile, "display_name">(report.subject, "display_name");
  const headingId = useId();
  return (
    <li className="card report">
      <h3 id={headingId} className="report__title">
        {categoryLabel(report.category)}
        {subject ? (
          <>
            {" "}
            <span className="report__about">· about {subject.display_name}</span>
          </>
        ) : null}
      </h3>
      <dl className="facts facts--wide report__facts">
        <div>
          <dt>About</dt>
          <dd>{subject ? subject.display_name : "No one in particular"}</dd>
        </div>
        {report.group_id ? (
          <div>
            <dt>Group</dt>
            <dd>
              <GroupName groupId={report.group_id} />
            </dd>
          </div>
        ) : null}
        {report.session_id ? (
          <div>
            <dt>Session</dt>
            <dd>
              <SessionName sessionId={report.session_id} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Reported</dt>
          <dd>{formatDateTime(report.created_at, timeZone)}</dd>
        </div>
      </dl>
      <blockquote className="report__text">{report.text}</blockquote>
      {report.status === "open" ? (
        <DecideReport report={report} subjectName={subject?.display_name ?? null} onDone={onDone} />
      ) : (
        <p className="report__resolution">
          <strong>{STATUS_LABELS[report.status]}</strong>
          {report.handled_at ? ` on ${formatDateTime(report.handled_at, timeZone)}` : null}
          {report.resolution ? (
            <>
              : <q>{report.resolution}</q>
            </>
          ) : null}
        </p>
      )}
    </li>
  );
}
