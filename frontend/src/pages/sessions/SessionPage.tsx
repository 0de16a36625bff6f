import { useMutation } from "@tanstack/react-query";
import { Link, useLocation, useParams } from "react-router";
import { api } from "../../api/client";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { SignUpToAct } from "../../components/SignUpToAct";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatSessionWhen, formatTime, zoneAbbreviation } from "../../lib/dates";
import { downloadBlob } from "../../lib/download";
import { formatLabel } from "../../lib/filters";
import { ApiError, describeError, unwrap } from "../../lib/problems";
import { useSignedIn } from "../../lib/session";
import { timeZoneLabel } from "../../lib/timeZones";
import { useViewerTimeZone } from "../account/queries";
import { GuidelinesText } from "../groups/GuidelinesText";
import { ReportSection } from "../safety/ReportButton";
import { AttendeesSection } from "./AttendeesSection";
import { CancelSession } from "./CancelSession";
import { useSession, type Session } from "./queries";
import { RsvpPanel } from "./RsvpPanel";
import { HelpLink } from "../crisis/HelpLink";

export function SessionPage() {
  const { sessionId = "" } = useParams();
  const state = (useLocation().state ?? {}) as { notice?: string };
  const result = useSession(sessionId);
  const session = result.data?.session;
  usePageTitle(session?.title ?? "Session");
  const signedIn = useSignedIn();

  if (result.isPending) {
    return (
      <article className="page">
        <h1>Session</h1>
        <p>Loading the session…</p>
      </article>
    );
  }
  if (result.isError || !session) {
    const missing = result.error instanceof ApiError && result.error.status === 404;
    return (
      <article className="page page--narrow">
        <h1>{missing ? "We couldn't find that session" : "Session"}</h1>
        {missing ? (
          <p className="lead">
            It may belong to a private group, or the link may be old. <Link to="/sessions">See upcoming sessions</Link>.
          </p>
        ) : (
          <QueryError error={result.error} onRetry={() => void result.refetch()} />
        )}
      </article>
    );
  }

  const cancelled = session.status === "cancelled";
  return (
    <article className="page page--medium session-page">
      <p className="breadcrumb">
        <Link to={`/groups/${session.group.id}`}>{session.group.name}</Link>
      </p>
      <h1>{session.title}</h1>
      <StatusMessage message={state.notice ?? null} />
      {cancelled ? (
        <p className="alert alert--info" role="note">
          This session was cancelled. Everyone who had booked has been told.
        </p>
      ) : null}
      {session.content_warnings.length ? <ContentNotes warnings={session.content_warnings} /> : null}
      <Details session={session} />
      {signedIn ? (
        <RsvpPanel session={session} />
      ) : cancelled ? null : (
        <SignUpToAct title="Book a place">
          <p>
            Members of {session.group.name} book places here. The online link or the room is shared with people who have a
            place.
          </p>
        </SignUpToAct>
      )}
      {session.topic || session.description ? (
        <section className="card" aria-labelledby="about-session-heading">
          <h2 id="about-session-heading">About this session</h2>
          {session.topic ? <p className="lead">{session.topic}</p> : null}
          {session.description ? <GuidelinesText text={session.description} /> : null}
        </section>
      ) : null}
      {cancelled || !signedIn ? null : <CalendarDownload session={session} />}
      {session.can_manage ? (
        <section className="card" aria-labelledby="facilitate-heading">
          <h2 id="facilitate-heading">Facilitating</h2>
          {cancelled ? null : (
            <div className="actions">
              <Link to={`/sessions/${session.id}/edit`} className="button button--quiet">
                Edit session
              </Link>
              <CancelSession current={result.data} />
            </div>
          )}
          <AttendeesSection session={session} />
        </section>
      ) : null}
      {signedIn ? (
        <ReportSection label="Report a concern about this session" sessionId={session.id} groupId={session.group.id} chooseMember />
      ) : null}
    </article>
  );
}

/** Shown before the details, so members can decide calmly whether this session is for them today. */
function ContentNotes({ warnings }: { warnings: string[] }) {
  return (
    <section className="card content-notes" aria-labelledby="content-notes-heading">
      <h2 id="content-notes-heading">Before you read on</h2>
      <p>This session may talk about:</p>
      <ul className="tags">
        {warnings.map((warning) => (
          <li key={warning} className="tag tag--gentle">
            {warning}
          </li>
        ))}
      </ul>
      <p className="muted">
        It's fine to skip a session, or to step away during one. If you need support now, <HelpLink>help is here</HelpLink>.
      </p>
    </section>
  );
}

function Details({ session }: { session: Session }) {
  const viewerZone = useViewerTimeZone();
  const otherZone = viewerZone !== session.time_zone;
  const minutes = Math.round((Date.parse(session.ends_at) - Date.parse(session.starts_at)) / 60_000);
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">When and where</h2>
      <dl className="facts facts--wide">
        <div>
          <dt>When</dt>
          <dd>
            {formatSessionWhen(session.starts_at, session.ends_at, viewerZone)}
            {otherZone ? (
              <span className="muted">
                {" "}
                ({formatTime(session.starts_at, session.time_zone)} {timeZoneLabel(session.time_zone)} time)
              </span>
            ) : (
              <span className="muted"> {zoneAbbreviation(viewerZone, new Date(session.starts_at))}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Length</dt>
          <dd>{minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : `${minutes} minutes`}</dd>
        </div>
        <div>
          <dt>How</dt>
          <dd>{formatLabel(session.group.format)}</dd>
        </div>
        {session.location || session.group.area ? (
          <div>
            <dt>Where</dt>
            <dd>{session.location ?? session.group.area}</dd>
          </div>
        ) : null}
        {session.status === "scheduled" ? (
          <div>
            <dt>Places</dt>
            <dd>
              {session.spots_left > 0
                ? `${session.spots_left} of ${session.capacity} free`
                : `Full (${session.capacity} ${session.capacity === 1 ? "place" : "places"}), waitlist open`}
            </dd>
          </div>
        ) : null}
        {session.can_manage && session.online_url ? (
          <div>
            <dt>Online link</dt>
            <dd>
              <a href={session.online_url} target="_blank" rel="noreferrer noopener">
                {session.online_url}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

/** The .ics needs the bearer token, so it is fetched through the client and handed over as a file. */
function CalendarDownload({ session }: { session: Session }) {
  const download = useMutation({
    mutationFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/sessions/{session_id}/calendar.ics", {
            params: { path: { session_id: session.id } },
            parseAs: "blob",
          }),
        )
      ).data,
    onSuccess: (blob) => downloadBlob(new Blob([blob], { type: "text/calendar" }), `peerway-${session.group.slug}-${session.starts_at.slice(0, 10)}.ics`),
  });
  return (
    <section className="card" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">Add to your calendar</h2>
      <p>Download this session as a calendar file (.ics) for your phone or computer.</p>
      <FormAlert message={download.error ? describeError(download.error) : null} />
      <button type="button" className="button button--quiet" disabled={download.isPending} onClick={() => download.mutate()}>
        {download.isPending ? "Preparing…" : "Download calendar file"}
      </button>
      {download.isSuccess ? <p role="status">Your calendar file is downloading.</p> : null}
    </section>
  );
}
