import { useState } from "react";
import { Link } from "react-router";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/dates";
import { describeError } from "../../lib/problems";
import { useMyProfile } from "../account/queries";
import { MessagesLink, useRelationshipAction } from "./CoachSection";
import { PLAN_STATUS_LABELS } from "./labels";
import { coachOf, usePlans, useRelationships, type Plan, type Relationship } from "./queries";
import { StartPlan } from "./StartPlan";
import "./coaching.css";

/** Members with a recent risk signal first (newest first), then by latest check-in, then by name. */
export function dashboardOrder(relationships: readonly Relationship[]): Relationship[] {
  const time = (value: string | null) => (value ? new Date(value).getTime() : 0);
  return [...relationships].sort(
    (a, b) =>
      time(b.last_risk_at) - time(a.last_risk_at) ||
      time(b.last_check_in_at) - time(a.last_check_in_at) ||
      a.member.display_name.localeCompare(b.member.display_name),
  );
}

/** /coaching/coach: the members I coach, recent risk signals, and requests waiting for me. */
export function CoachDashboardPage() {
  usePageTitle("Your coaching dashboard");
  const me = useMyProfile();
  const relationships = useRelationships(true);
  const plans = usePlans();
  const [status, setStatus] = useState<string | null>(null);
  const act = useRelationshipAction((relationship, action) =>
    setStatus(
      action === "accept"
        ? `You're now ${relationship.member.display_name}'s coach.`
        : `You've declined ${relationship.member.display_name}'s request. They can ask another coach.`,
    ),
  );
  const timeZone = me.data?.profile.time_zone;
  const viewerId = me.data?.profile.id;
  const items = (relationships.data?.items ?? []).filter((relationship) => coachOf(relationship)?.id === viewerId);
  const active = dashboardOrder(items.filter((relationship) => relationship.status === "active"));
  const requests = items.filter((relationship) => relationship.status === "requested");
  const invitations = items.filter((relationship) => relationship.status === "invited");
  const plansByMember = new Map<string, Plan[]>();
  for (const plan of plans.data?.items ?? []) {
    if (plan.member.id === viewerId) continue;
    plansByMember.set(plan.member.id, [...(plansByMember.get(plan.member.id) ?? []), plan]);
  }
  const atRisk = active.filter((relationship) => relationship.last_risk_at).length;

  return (
    <article className="page page--medium">
      <h1>Your coaching dashboard</h1>
      <p className="lead">
        The members who asked you to walk beside them. Anyone whose check-in in the last 14 days suggested they may not
        be safe is shown first.
      </p>
      {me.data && me.data.profile.role !== "coach" ? (
        <p className="alert alert--info">This dashboard is for peer coaches. Your own plan is on <Link to="/coaching">My plan</Link>.</p>
      ) : null}
      <StatusMessage message={status} />
      <FormAlert message={act.isError ? describeError(act.error) : null} />
      {relationships.isPending || me.isPending ? <p>Loading…</p> : null}
      {relationships.isError ? <QueryError error={relationships.error} onRetry={() => void relationships.refetch()} /> : null}
      {me.isError ? <QueryError error={me.error} onRetry={() => void me.refetch()} /> : null}

      {requests.length ? (
        <section className="card card--notice" aria-labelledby="requests-heading">
          <h2 id="requests-heading">Waiting for your answer</h2>
          <ul className="member-list">
            {requests.map((relationship) => (
              <li key={relationship.id} className="member-row">
                <p>
                  <span className="person__name">{relationship.member.display_name}</span>
                  {relationship.member.pronouns ? <span className="person__pronouns"> ({relationship.member.pronouns})</span> : null}{" "}
                  asked you to be their coach.
                </p>
                {relationship.member.bio ? <p className="person__bio">{relationship.member.bio}</p> : null}
                <p className="actions">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ relationship, action: "accept" })}
                    aria-label={`Accept ${relationship.member.display_name}'s request`}
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ relationship, action: "decline" })}
                    aria-label={`Decline ${relationship.member.display_name}'s request`}
                  >
                    Decline
                  </button>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {relationships.data && me.data ? (
        <section className="card" aria-labelledby="members-heading">
          <h2 id="members-heading">Members you coach</h2>
          {atRisk ? (
            <p>
              {atRisk === 1 ? "1 member" : `${atRisk} members`} may need support: reach out when you can.
            </p>
          ) : null}
          {active.length === 0 ? <p>No one yet. When a member asks you, their request appears here.</p> : null}
          <ul className="member-list">
            {active.map((relationship) => (
              <MemberRow
                key={relationship.id}
                relationship={relationship}
                plans={plansByMember.get(relationship.member.id) ?? []}
                plansLoaded={Boolean(plans.data)}
                timeZone={timeZone}
              />
            ))}
          </ul>
        </section>
      ) : null}

      {invitations.length ? (
        <section className="card" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">Invitations you've sent</h2>
          <ul className="member-list">
            {invitations.map((relationship) => (
              <li key={relationship.id} className="member-row">
                <p>Waiting for {relationship.member.display_name} to answer.</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <p>
        <Link to="/coaching/my-plan">Your own plan</Link>
      </p>
    </article>
  );
}

interface MemberRowProps {
  relationship: Relationship;
  plans: Plan[];
  plansLoaded: boolean;
  timeZone?: string;
}

function MemberRow({ relationship, plans, plansLoaded, timeZone }: MemberRowProps) {
  const [starting, setStarting] = useState(false);
  const { member } = relationship;
  const risk = relationship.last_risk_at;
  return (
    <li className={risk ? "member-row member-row--risk" : "member-row"}>
      <h3>
        {member.display_name}
        {member.pronouns ? <span className="person__pronouns"> ({member.pronouns})</span> : null}
      </h3>
      {risk ? (
        <p>
          <span className="flag flag--risk">May need support</span>{" "}
          A check-in on {formatDateTime(risk, timeZone)} suggested they may not be safe. They were shown crisis lines.
        </p>
      ) : null}
      <p>
        <MessagesLink relationship={relationship} name={member.display_name} urgent={Boolean(risk)} />
      </p>
      <p className="muted">
        {relationship.last_check_in_at
          ? `Last check-in: ${formatDateTime(relationship.last_check_in_at, timeZone)}`
          : "No check-ins yet"}
      </p>
      {plans.length ? (
        <ul className="listings">
          {plans.map((plan) => (
            <li key={plan.id}>
              <Link to={`/coaching/plans/${plan.id}`}>Open plan: {plan.title}</Link>{" "}
              <span className="muted">· {PLAN_STATUS_LABELS[plan.status]}</span>
            </li>
          ))}
        </ul>
      ) : plansLoaded ? (
        starting ? (
          <StartPlan memberId={member.id} memberName={member.display_name} onCancel={() => setStarting(false)} />
        ) : (
          <p>
            <button type="button" className="button button--quiet button--small" onClick={() => setStarting(true)}>
              Start a plan with {member.display_name}
            </button>
          </p>
        )
      ) : null}
    </li>
  );
}
