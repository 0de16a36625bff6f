import { Link, useLocation, useSearchParams } from "react-router";
import { StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { useMyProfile } from "../account/queries";
import { CoachReferralCard } from "./components/CoachReferralCard";
import { MemberReferralCard } from "./components/MemberReferralCard";
import { ResourcesNav } from "./components/ResourcesNav";
import { useReferrals } from "./queries";
import "./resources.css";

/** Referrals made to me (/resources/referrals) or, for coaches, made by me (?made_by_me=true). */
export function ReferralsPage() {
  const [params] = useSearchParams();
  const madeByMe = params.get("made_by_me") === "true";
  const title = madeByMe ? "Referrals I made" : "My referrals";
  usePageTitle(title);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const timeZone = useMyProfile().data?.profile.time_zone;

  return (
    <article className="page page--medium">
      <h1>{title}</h1>
      <ResourcesNav />
      <StatusMessage message={notice} />
      {madeByMe ? <MadeByMe timeZone={timeZone} /> : <MadeToMe timeZone={timeZone} />}
    </article>
  );
}

function MadeToMe({ timeZone }: { timeZone: string | undefined }) {
  const referrals = useReferrals({ madeByMe: false, overdue: false });
  const items = referrals.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <p className="lead">Services your coach thought could help. Letting them know how it went helps them support you.</p>
      {referrals.isPending ? <p>Loading your referrals…</p> : null}
      {referrals.isError ? <QueryError error={referrals.error} onRetry={() => void referrals.refetch()} /> : null}
      {referrals.isSuccess && items.length === 0 ? (
        <div className="card">
          <p>
            <strong>No referrals yet.</strong>
          </p>
          <p>
            When your coach suggests a service, it will appear here. You can also <Link to="/resources">search the directory</Link>{" "}
            yourself.
          </p>
        </div>
      ) : null}
      <ul className="resource-list">
        {items.map((referral) => (
          <MemberReferralCard key={referral.id} referral={referral} timeZone={timeZone} />
        ))}
      </ul>
      <LoadMore
        hasMore={referrals.hasNextPage}
        loading={referrals.isFetchingNextPage}
        onLoad={() => void referrals.fetchNextPage()}
        label="Load more referrals"
      />
    </>
  );
}

/** Follow-ups that are due come first, highlighted; then every other referral, newest first. */
function MadeByMe({ timeZone }: { timeZone: string | undefined }) {
  const overdue = useReferrals({ madeByMe: true, overdue: true });
  const all = useReferrals({ madeByMe: true, overdue: false });
  const overdueItems = overdue.data?.pages.flatMap((page) => page.items) ?? [];
  const others = (all.data?.pages.flatMap((page) => page.items) ?? []).filter((referral) => !referral.is_overdue);

  return (
    <>
      <p className="lead">The services you suggested to the members you coach, and how each one is going.</p>
      <section aria-labelledby="due-heading">
        <h2 id="due-heading">Follow-ups due</h2>
        {overdue.isPending ? <p>Loading…</p> : null}
        {overdue.isError ? <QueryError error={overdue.error} onRetry={() => void overdue.refetch()} /> : null}
        {overdue.isSuccess && overdueItems.length === 0 ? <p className="muted">Nothing is waiting for a follow-up.</p> : null}
        <ul className="resource-list">
          {overdueItems.map((referral) => (
            <CoachReferralCard key={referral.id} referral={referral} timeZone={timeZone} />
          ))}
        </ul>
        <LoadMore
          hasMore={overdue.hasNextPage}
          loading={overdue.isFetchingNextPage}
          onLoad={() => void overdue.fetchNextPage()}
          label="Load more due follow-ups"
        />
      </section>
      <section aria-labelledby="all-referrals-heading">
        <h2 id="all-referrals-heading">All my referrals</h2>
        {all.isPending ? <p>Loading…</p> : null}
        {all.isError ? <QueryError error={all.error} onRetry={() => void all.refetch()} /> : null}
        {all.isSuccess && others.length === 0 && !all.hasNextPage ? (
          <p className="muted">
            {overdueItems.length ? "No others." : "You haven't referred anyone yet. Open a resource and choose “Refer a member”."}
          </p>
        ) : null}
        <ul className="resource-list">
          {others.map((referral) => (
            <CoachReferralCard key={referral.id} referral={referral} timeZone={timeZone} />
          ))}
        </ul>
        <LoadMore
          hasMore={all.hasNextPage}
          loading={all.isFetchingNextPage}
          onLoad={() => void all.fetchNextPage()}
          label="Load more referrals"
        />
      </section>
    </>
  );
}
