import { Link } from "react-router";
import { usePageTitle } from "../components/usePageTitle";
import { HelpLink } from "./crisis/HelpLink";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <article className="page page--narrow">
      <h1>We couldn't find that page</h1>
      <p className="lead">The link may be old, or the page may have moved.</p>
      <p>
        <Link to="/">Go to the start</Link> or, if you need someone now, <HelpLink>get help</HelpLink>.
      </p>
    </article>
  );
}
