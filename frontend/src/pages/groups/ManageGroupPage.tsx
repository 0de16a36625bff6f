import { Link, useParams } from "react-router";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { useMyProfile, useViewerTimeZone } from "../account/queries";
import { ArchiveGroup, EditGroupDetails } from "./EditGroupDetails";
import { InvitationCodes } from "./InvitationCodes";
import { GroupMembers, PendingRequests } from "./MemberDecisions";
import { PublishGuidelines } from "./PublishGuidelines";
import { facilitatesGroup, useGroup } from "./queries";

const SECTIONS = [
  { href: "#requests", label: "Requests" },
  { href: "#members", label: "Members" },
  { href: "#invitations", label: "Invitations" },
  { href: "#details", label: "Details" },
  { href: "#guidelines", label: "Guidelines" },
];

/** Facilitators' tools for one group: decisions, members, codes, details and guidelines. */
export function ManageGroupPage() {
  const { groupId = "" } = useParams();
  const result = useGroup(groupId);
  const me = useMyProfile();
  const timeZone = useViewerTimeZone();
  const group = result.data?.group;
  usePageTitle(group ? `Manage ${group.name}` : "Manage group");

  return (
    <article className="page">
      <p className="breadcrumb">
        <Link to={`/groups/${groupId}`}>{group?.name ?? "Back to the group"}</Link>
      </p>
      <h1>{group ? `Manage ${group.name}` : "Manage group"}</h1>
      {result.isPending ? <p>Loading…</p> : null}
      {result.isError ? <QueryError error={result.error} onRetry={() => void result.refetch()} /> : null}
      {group && !facilitatesGroup(group) ? (
        <div className="card">
          <p>Only this group's facilitators can manage it.</p>
        </div>
      ) : null}
      {result.data && group && facilitatesGroup(group) ? (
        <>
          <nav aria-label="Sections" className="section-nav">
            <ul>
              {SECTIONS.map((section) => (
                <li key={section.href}>
                  <a href={section.href}>{section.label}</a>
                </li>
              ))}
              <li>
                <Link to={`/groups/${group.id}/schedule`}>Schedule a session</Link>
              </li>
            </ul>
          </nav>
          <PendingRequests group={group} />
          <GroupMembers group={group} myId={me.data?.profile.id} />
          <InvitationCodes group={group} timeZone={timeZone} />
          <EditGroupDetails current={result.data} />
          <PublishGuidelines group={group} />
          <ArchiveGroup current={result.data} />
        </>
      ) : null}
    </article>
  );
}
