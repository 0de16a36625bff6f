import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { present } from "../../lib/present";
import { describeError, unwrap } from "../../lib/problems";
import { sessionKeys, useAttendees, type Attendee, type Session } from "./queries";

type Person = NonNullable<Exclude<Attendee["member"], Record<string, never>>>;
type NamedAttendee = Omit<Attendee, "member"> & { member: Person };

/** Members who have since deleted their account stay counted but are not listed by name. */
function named(attendees: Attendee[]): NamedAttendee[] {
  return attendees.flatMap((attendee) => {
    const member = present<Person, "id">(attendee.member, "id");
    return member ? [{ ...attendee, member }] : [];
  });
}

const ATTENDANCE_LABELS: Record<string, string> = { attended: "Attended", no_show: "No-show" };

/** Who booked and who is waiting; facilitators mark each confirmed person attended or a no-show. */
export function AttendeesSection({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const attendees = useAttendees(session.id, session.can_manage);
  const [done, setDone] = useState<string | null>(null);
  const items = named(attendees.data?.pages.flatMap((page) => page.items) ?? []);
  const confirmed = items.filter((attendee) => attendee.status === "confirmed");
  const waiting = items.filter((attendee) => attendee.status === "waitlisted");

  const mark = useMutation({
    mutationFn: async ({ attendee, attended }: { attendee: NamedAttendee; attended: boolean }) =>
      unwrap(
        api.POST("/api/v1/sessions/{session_id}/attendance", {
          params: { path: { session_id: session.id } },
          body: { member_id: attendee.member.id, attended },
        }),
      ),
    onMutate: () => setDone(null),
    onSuccess: async (_result, { attendee, attended }) => {
      setDone(`${attendee.member.display_name}: ${attended ? "attended" : "no-show"}.`);
      await queryClient.invalidateQueries({ queryKey: sessionKeys.attendees(session.id) });
    },
  });

  return (
    <div className="attendees">
      <h3>People booked ({confirmed.length} of {session.capacity})</h3>
      <StatusMessage message={done} />
      <FormAlert message={mark.error ? describeError(mark.error) : null} />
      {attendees.isPending ? <p>Loading…</p> : null}
      {attendees.isError ? <QueryError error={attendees.error} onRetry={() => void attendees.refetch()} /> : null}
      {attendees.isSuccess && confirmed.length === 0 ? <p className="muted">No one has booked yet.</p> : null}
      <ul className="people">
        {confirmed.map((attendee) => {
          const name = attendee.member.display_name;
          const busy = mark.isPending && mark.variables?.attendee.member.id === attendee.member.id;
          return (
            <li key={attendee.member.id} className="person person--row">
              <div>
                <p className="person__name">{name}</p>
                <p className="person__meta">{attendee.attendance ? ATTENDANCE_LABELS[attendee.attendance] ?? attendee.attendance : "Not marked yet"}</p>
              </div>
              <div className="person__actions" role="group" aria-label={`Attendance for ${name}`}>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-pressed={attendee.attendance === "attended"}
                  disabled={busy}
                  onClick={() => mark.mutate({ attendee, attended: true })}
                >
                  Attended<span className="visually-hidden"> ({name})</span>
                </button>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-pressed={attendee.attendance === "no_show"}
                  disabled={busy}
                  onClick={() => mark.mutate({ attendee, attended: false })}
                >
                  No-show<span className="visually-hidden"> ({name})</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {waiting.length ? (
        <>
          <h3>Waitlist ({waiting.length})</h3>
          <ol className="people">
            {waiting.map((attendee) => (
              <li key={attendee.member.id} className="person">
                <p className="person__name">
                  {attendee.member.display_name}
                  <span className="muted"> · position {attendee.waitlist_position ?? "?"}</span>
                </p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <LoadMore hasMore={attendees.hasNextPage} loading={attendees.isFetchingNextPage} onLoad={() => void attendees.fetchNextPage()} />
    </div>
  );
}
