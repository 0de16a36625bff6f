import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { StatusMessage } from "../../components/FormAlert";
import { SignUpToAct } from "../../components/SignUpToAct";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { zoneAbbreviation } from "../../lib/dates";
import { formatLabel, topicLabel } from "../../lib/filters";
import { ApiError } from "../../lib/problems";
import { useSignedIn } from "../../lib/session";
import { timeZoneLabel } from "../../lib/timeZones";
import { useViewerTimeZone } from "../account/queries";
import { languageName, regionName } from "../crisis/region";
import { ReportSection } from "../safety/ReportButton";
import { GroupTabs } from "../conversations/GroupTabs";
import { SessionItem } from "../sessions/SessionItem";
import { GuidelinesText } from "./GuidelinesText";
import { MembershipPanel } from "./MembershipPanel";
import {
  badgeLabel,
  facilitatesGroup,
  isActiveMember,
  JOIN_POLICY_LABELS,
  useGroup,
  useGroupSessions,
  useGuidelines,
  type GroupDetail,
} from "./queries";

export function GroupPage() {
  const { groupId = "" } = useParams();
  const state = (useLocation().state ?? {}) as { notice?: string };
  const result = useGroup(groupId);
  const group = result.data?.group;
  usePageTitle(group?.name ?? "Group");
  const [joining, setJoining] = useState(false);
  const signedIn = useSignedIn();

  if (result.isPending) {
    return (
      <article className="page">
        <h1>Group</h1>
        <p>Loading the group…</p>
      </article>
    );
  }
  if (result.isError || !group) {
    const missing = result.error instanceof ApiError && result.error.status === 404;
    return (
      <article className="page page--narrow">
        <h1>{missing ? "We couldn't find that group" : "Group"}</h1>
        {missing ? (
          <p className="lead">It may be private, or it may have closed. <Link to="/groups">Find another group</Link>.</p>
        ) : (
          <QueryError error={result.error} onRetry={() => void result.refetch()} />
        )}
      </article>
    );
  }

  const facilitator = facilitatesGroup(group);
  const member = isActiveMember(group);
  return (
    <article className="page group-page">
      <p className="breadcrumb">
        <Link to="/groups">All groups</Link>
      </p>
      <h1>{group.name}</h1>
      {member ? <GroupTabs groupId={group.id} /> : null}
      <StatusMessage message={state.notice ?? null} />
      {group.archived_at ? (
        <p className="alert alert--info">This group has closed. Its past is kept, but no new sessions will be held.</p>
      ) : null}
      <p className="group-page__meta">
        {[formatLabel(group.format), group.area, group.is_free ? "Free" : "Cost applies"].filter(Boolean).join(" · ")}
      </p>
      {group.topics.length ? (
        <ul className="tags" aria-label="Topics">
          {group.topics.map((topic) => (
            <li key={topic} className="tag">
              {topicLabel(topic)}
            </li>
          ))}
        </ul>
      ) : null}
      {facilitator ? (
        <p className="actions">
          <Link to={`/groups/${group.id}/schedule`} className="button">
            Schedule a session
          </Link>
          <Link to={`/groups/${group.id}/manage`} className="button button--quiet">
            Manage group
          </Link>
        </p>
      ) : null}

      {/* Members come for the sessions; everyone else first reads what the group is about.
          (Fixed slots, so the membership panel keeps its state when someone joins.) */}
      {member ? null : <About group={group} />}
      {member ? null : <Facilitators group={group} />}
      {signedIn ? (
        <MembershipPanel group={group} joining={joining} onJoiningChange={setJoining} />
      ) : (
        <SignUpToAct title="Join this group">
          <p>Members book places at its sessions, and get the address or the online link once they have a place.</p>
        </SignUpToAct>
      )}
      <UpcomingSessions group={group} />
      {member ? <About group={group} /> : null}
      {member ? <Facilitators group={group} /> : null}
      {joining ? null : <CurrentGuidelines group={group} />}
      {member ? <ReportSection label="Report a member" groupId={group.id} chooseMember memberRequired /> : null}
    </article>
  );
}

function About({ group }: { group: GroupDetail }) {
  return (
    <section className="card" aria-labelledby="about-heading">
      <h2 id="about-heading">About this group</h2>
      <GuidelinesText text={group.description} />
      <dl className="facts facts--wide">
        <div>
          <dt>How it meets</dt>
          <dd>{formatLabel(group.format)}</dd>
        </div>
        {group.area ? (
          <div>
            <dt>Area</dt>
            <dd>{group.area}</dd>
          </div>
        ) : null}
        {group.address ? (
          <div>
            <dt>Address</dt>
            <dd>
              {group.address} <span className="muted">(shown to members only)</span>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Language</dt>
          <dd>{languageName(group.language)}</dd>
        </div>
        <div>
          <dt>Country or region</dt>
          <dd>{regionName(group.region)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{group.is_free ? "Free" : group.cost_note || "There is a cost: ask a facilitator"}</dd>
        </div>
        <div>
          <dt>Joining</dt>
          <dd>{JOIN_POLICY_LABELS[group.join_policy]}</dd>
        </div>
        <div>
          <dt>Time zone</dt>
          <dd>
            {timeZoneLabel(group.time_zone)} ({zoneAbbreviation(group.time_zone)})
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Facilitators({ group }: { group: GroupDetail }) {
  // Member profiles: signed-out visitors do not get them (null).
  if (!group.facilitators) return null;
  const facilitators = group.facilitators;
  return (
    <section className="card" aria-labelledby="facilitators-heading">
      <h2 id="facilitators-heading">{facilitators.length === 1 ? "Facilitator" : "Facilitators"}</h2>
      {facilitators.length === 0 ? <p>This group is looking for a facilitator.</p> : null}
      <ul className="people">
        {facilitators.map((person) => (
          <li key={person.id} className="person">
            <p className="person__name">
              {person.display_name}
              {person.pronouns ? <span className="person__pronouns"> ({person.pronouns})</span> : null}
            </p>
            {person.badges.length ? (
              <ul className="badges" aria-label={`${person.display_name}'s badges`}>
                {person.badges.map((badge) => (
                  <li key={badge} className="badge badge--earned">
                    {badgeLabel(badge)}
                  </li>
                ))}
              </ul>
            ) : null}
            {person.bio ? <p className="person__bio">{person.bio}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CurrentGuidelines({ group }: { group: GroupDetail }) {
  const guidelines = useGuidelines(group.id);
  return (
    <section className="card" aria-labelledby="guidelines-heading">
      <h2 id="guidelines-heading">Group guidelines</h2>
      {guidelines.isPending ? <p>Loading the guidelines…</p> : null}
      {guidelines.isError ? <QueryError error={guidelines.error} onRetry={() => void guidelines.refetch()} /> : null}
      {guidelines.data ? (
        <>
          <p className="muted">Version {guidelines.data.version}</p>
          <GuidelinesText text={guidelines.data.text} />
        </>
      ) : null}
    </section>
  );
}

function UpcomingSessions({ group }: { group: GroupDetail }) {
  const sessions = useGroupSessions(group.id);
  const timeZone = useViewerTimeZone();
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];
  const member = isActiveMember(group);
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Upcoming sessions</h2>
      {timeZone !== group.time_zone ? (
        <p className="muted">Times are shown in your time zone, {timeZoneLabel(timeZone)}.</p>
      ) : null}
      {!member && items.length ? <p className="muted">Join the group to book a place.</p> : null}
      {sessions.isPending ? <p>Loading sessions…</p> : null}
      {sessions.isError ? <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
      {sessions.isSuccess && items.length === 0 ? <p>No sessions are scheduled yet.</p> : null}
      <ul className="session-list">
        {items.map((session) => (
          <SessionItem key={session.id} session={session} timeZone={timeZone} showGroup={false} />
        ))}
      </ul>
      <LoadMore
        hasMore={sessions.hasNextPage}
        loading={sessions.isFetchingNextPage}
        onLoad={() => void sessions.fetchNextPage()}
        label="Show later sessions"
      />
    </section>
  );
}
