import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/dates";
import { describeError, unwrap } from "../../lib/problems";
import { badgeLabel, invalidateMembership, useGroupMembers, type GroupDetail, type Membership, type MembershipAction } from "./queries";

const DONE: Record<MembershipAction, (name: string) => string> = {
  approve: (name) => `${name} is now a member.`,
  decline: (name) => `${name}'s request was declined.`,
  remove: (name) => `${name} was removed from the group.`,
  mute: (name) => `${name} is muted: they can't book sessions for now.`,
  unmute: (name) => `${name} is no longer muted.`,
  make_facilitator: (name) => `${name} is now a co-facilitator.`,
  make_member: (name) => `${name} is now a member (not a facilitator).`,
};

interface Decision {
  membership: Membership;
  action: MembershipAction;
}

/** PATCH /groups/{id}/memberships/{member_id}, with a message once it's done. */
function useDecision(group: GroupDetail) {
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: async ({ membership, action }: Decision) =>
      unwrap(
        api.PATCH("/api/v1/groups/{group_id}/memberships/{member_id}", {
          params: { path: { group_id: group.id, member_id: membership.member.id } },
          body: { action },
        }),
      ),
    onMutate: () => setDone(null),
    onSuccess: async (_result, { membership, action }) => {
      setDone(DONE[action](membership.member.display_name));
      await invalidateMembership(queryClient);
    },
  });
  return { decide, done };
}

function isBusy(decide: ReturnType<typeof useDecision>["decide"], membership: Membership): boolean {
  return decide.isPending && decide.variables?.membership.id === membership.id;
}

export function PendingRequests({ group }: { group: GroupDetail }) {
  const requests = useGroupMembers(group.id, "pending");
  const { decide, done } = useDecision(group);
  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" aria-labelledby="requests-heading" id="requests">
      <h2 id="requests-heading">Requests to join{items.length ? ` (${items.length}${requests.hasNextPage ? "+" : ""})` : ""}</h2>
      <StatusMessage message={done} />
      <FormAlert message={decide.error ? describeError(decide.error) : null} />
      {requests.isPending ? <p>Loading requests…</p> : null}
      {requests.isError ? <QueryError error={requests.error} onRetry={() => void requests.refetch()} /> : null}
      {requests.isSuccess && items.length === 0 ? <p className="muted">No one is waiting right now.</p> : null}
      <ul className="people">
        {items.map((membership) => (
          <li key={membership.id} className="person person--row">
            <div>
              <p className="person__name">{membership.member.display_name}</p>
              <p className="person__meta">Asked {formatDateTime(membership.created_at)}</p>
            </div>
            <div className="person__actions">
              <button
                type="button"
                className="button button--small"
                disabled={isBusy(decide, membership)}
                onClick={() => decide.mutate({ membership, action: "approve" })}
              >
                Approve<span className="visually-hidden"> {membership.member.display_name}</span>
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                disabled={isBusy(decide, membership)}
                onClick={() => decide.mutate({ membership, action: "decline" })}
              >
                Decline<span className="visually-hidden"> {membership.member.display_name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <LoadMore hasMore={requests.hasNextPage} loading={requests.isFetchingNextPage} onLoad={() => void requests.fetchNextPage()} />
    </section>
  );
}

export function GroupMembers({ group, myId }: { group: GroupDetail; myId: string | undefined }) {
  const members = useGroupMembers(group.id, "active");
  const { decide, done } = useDecision(group);
  const [removing, setRemoving] = useState<Membership | null>(null);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="card" aria-labelledby="members-heading" id="members">
      <h2 id="members-heading">Members</h2>
      <p className="muted">Only members of this group can see this list.</p>
      <StatusMessage message={done} />
      <FormAlert message={decide.error && !removing ? describeError(decide.error) : null} />
      {members.isPending ? <p>Loading members…</p> : null}
      {members.isError ? <QueryError error={members.error} onRetry={() => void members.refetch()} /> : null}
      <ul className="people">
        {items.map((membership) => {
          const name = membership.member.display_name;
          const facilitator = membership.role === "facilitator";
          const me = membership.member.id === myId;
          return (
            <li key={membership.id} className="person person--row">
              <div>
                <p className="person__name">
                  {name}
                  {me ? <span className="muted"> (you)</span> : null}
                  {facilitator ? <span className="badge">Facilitator</span> : null}
                  {membership.is_muted ? <span className="badge badge--muted">Muted</span> : null}
                </p>
                {membership.member.badges.length ? (
                  <p className="person__meta">{membership.member.badges.map(badgeLabel).join(", ")}</p>
                ) : null}
              </div>
              {me ? null : (
                <div className="person__actions">
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={isBusy(decide, membership)}
                    onClick={() => decide.mutate({ membership, action: membership.is_muted ? "unmute" : "mute" })}
                  >
                    {membership.is_muted ? "Unmute" : "Mute"}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={isBusy(decide, membership)}
                    onClick={() => decide.mutate({ membership, action: facilitator ? "make_member" : "make_facilitator" })}
                  >
                    {facilitator ? "Make member" : "Make co-facilitator"}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--danger-quiet button--small"
                    disabled={isBusy(decide, membership)}
                    onClick={() => setRemoving(membership)}
                  >
                    Remove<span className="visually-hidden"> {name}</span>
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <LoadMore hasMore={members.hasNextPage} loading={members.isFetchingNextPage} onLoad={() => void members.fetchNextPage()} />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.member.display_name ?? "this member"}?`}
        confirmLabel="Remove from group"
        cancelLabel="Keep them"
        danger
        busy={decide.isPending}
        onCancel={() => {
          setRemoving(null);
          decide.reset();
        }}
        onConfirm={() => {
          if (!removing) return;
          decide.mutate({ membership: removing, action: "remove" }, { onSuccess: () => setRemoving(null) });
        }}
      >
        <p>They'll lose access to the group's sessions and their upcoming bookings will be cancelled. They'll get a notification.</p>
        {decide.error && removing ? <p className="alert alert--error">{describeError(decide.error)}</p> : null}
      </ConfirmDialog>
    </section>
  );
}
