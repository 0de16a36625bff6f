import { Link } from "react-router";
import { usePageTitle } from "../../components/usePageTitle";
import { HelpLink } from "../crisis/HelpLink";

export function AccountDeletedPage() {
  usePageTitle("Your account was deleted");
  return (
    <article className="page page--narrow">
      <h1>Your account was deleted</h1>
      <div className="card">
        <p className="lead">Your profile and personal details are gone, and you're signed out everywhere.</p>
        <p>Thank you for being part of Peerway. Whatever comes next, we hope it goes gently.</p>
        <p>
          If things feel hard right now, <HelpLink>help is available any time</HelpLink>. You're always
          welcome to <Link to="/sign-up">come back</Link>.
        </p>
      </div>
    </article>
  );
}
