import { usePageTitle } from "../../components/usePageTitle";
import { describeError } from "../../lib/problems";
import { DeleteAccount } from "./DeleteAccount";
import { ExportData } from "./ExportData";
import { LoginSessions } from "./LoginSessions";
import { NotificationPrefsCard } from "./NotificationPrefsCard";
import { ProfileForm } from "./ProfileForm";
import { useMyProfile } from "./queries";
import { SafetyLinksCard } from "./SafetyLinksCard";

export function ProfilePage() {
  usePageTitle("Your profile");
  const me = useMyProfile();

  return (
    <article className="page">
      <h1>Your profile</h1>
      {me.isPending ? <p>Loading your profile…</p> : null}
      {me.isError ? (
        <div role="alert" className="alert alert--error">
          <p>{describeError(me.error)}</p>
          <button type="button" className="button button--quiet button--small" onClick={() => void me.refetch()}>
            Try again
          </button>
        </div>
      ) : null}
      {me.data ? (
        <>
          <section className="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">About you</h2>
            <p className="muted">
              Signed in as <strong>{me.data.profile.email}</strong> (private).
            </p>
            <ProfileForm current={me.data} />
          </section>
          <NotificationPrefsCard current={me.data} />
          <SafetyLinksCard />
          <LoginSessions timeZone={me.data.profile.time_zone} />
          <ExportData />
          <DeleteAccount current={me.data} />
        </>
      ) : null}
    </article>
  );
}
