import { Link } from "react-router";
import { usePageTitle } from "../../components/usePageTitle";
import { useSignedIn } from "../../lib/session";
import { MilestonesCard } from "../account/MilestonesCard";
import { useMyProfile } from "../account/queries";

const AREAS = [
  { to: "/groups", title: "Groups", text: "Find people who understand." },
  { to: "/sessions", title: "Sessions", text: "Meet online or in person." },
  { to: "/coaching", title: "Coaching", text: "Work towards your own goals." },
  { to: "/resources", title: "Resources", text: "Trusted services and reading." },
];

function Welcome() {
  return (
    <>
      <h1>Peer support, at your own pace</h1>
      <p className="lead">
        Peerway brings together people in recovery from mental health struggles and addiction, to
        share, listen and keep going together.
      </p>
      <ul className="promise-list">
        <li>Use a pseudonym: only your display name, pronouns and a short bio are shown.</li>
        <li>Your email and recovery details stay private, and you can download or delete them any time.</li>
        <li>Help is always one step away, with or without an account.</li>
      </ul>
      <p className="actions">
        <Link to="/sign-up" className="button">
          Create an account
        </Link>
        <Link to="/sign-in" className="button button--quiet">
          Sign in
        </Link>
      </p>
    </>
  );
}

function MemberHome() {
  const me = useMyProfile();
  const name = me.data?.profile.display_name;
  return (
    <>
      <h1>{name ? `Welcome, ${name}` : "Welcome back"}</h1>
      <p className="lead">Good to see you. Take whatever step feels right today.</p>
      <MilestonesCard />
      <ul className="area-grid">
        {AREAS.map((area) => (
          <li key={area.to} className="card">
            <h2>
              <Link to={area.to}>{area.title}</Link>
            </h2>
            <p>{area.text}</p>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/profile">Your profile and privacy settings</Link>
      </p>
    </>
  );
}

export function HomePage() {
  usePageTitle("");
  const signedIn = useSignedIn();
  return <article className="page">{signedIn ? <MemberHome /> : <Welcome />}</article>;
}
