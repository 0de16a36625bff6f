import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { FormAlert } from "../../components/FormAlert";
import { formatDateTime } from "../../lib/dates";
import { describeError, unwrap } from "../../lib/problems";
import { loginSessionsKey } from "./queries";

const PAGE_SIZE = 20;

/** "Where you're signed in": each device, with a way to sign the others out. */
export function LoginSessions({ timeZone }: { timeZone?: string | null | undefined }) {
  const queryClient = useQueryClient();
  const sessions = useInfiniteQuery({
    queryKey: loginSessionsKey,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => {
      const { data } = await unwrap(
        api.GET("/api/v1/members/me/login-sessions", {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      );
      return data;
    },
    getNextPageParam: (page) => page.next_cursor ?? null,
  });

  const revoke = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/members/me/login-sessions/{login_session_id}", { params: { path: { login_session_id: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: loginSessionsKey }),
  });

  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="card" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Where you're signed in</h2>
      <p>If you see a device you don't recognise, sign it out and consider changing your password.</p>
      <FormAlert message={revoke.error ? describeError(revoke.error) : null} />
      {sessions.isPending ? <p>Loading your devices…</p> : null}
      {sessions.isError ? <p>{describeError(sessions.error)}</p> : null}
      <ul className="device-list">
        {items.map((session) => (
          <li key={session.id} className="device">
            <div>
              <p className="device__name">
                {session.client_label || "A device"}
                {session.current ? <span className="badge">This device</span> : null}
              </p>
              <p className="device__meta">
                Signed in {formatDateTime(session.created_at, timeZone)} · last active{" "}
                {formatDateTime(session.last_used_at ?? session.created_at, timeZone)}
              </p>
            </div>
            {session.current || !session.id ? null : (
              <button
                type="button"
                className="button button--quiet button--small"
                disabled={revoke.isPending && revoke.variables === session.id}
                onClick={() => session.id && revoke.mutate(session.id)}
              >
                Sign out<span className="visually-hidden"> {session.client_label || "this device"}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {sessions.hasNextPage ? (
        <button
          type="button"
          className="button button--quiet button--small"
          disabled={sessions.isFetchingNextPage}
          onClick={() => void sessions.fetchNextPage()}
        >
          Show more devices
        </button>
      ) : null}
    </section>
  );
}
