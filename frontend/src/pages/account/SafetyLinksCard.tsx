import { useId } from "react";
import { Link } from "react-router";
import "../safety/safety.css";

/** On the profile: where to see moderators' decisions about me and who read my private data. */
export function SafetyLinksCard() {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Safety and privacy</h2>
      <ul className="link-list">
        <li>
          <Link to="/account/access-log">Who has seen your private information</Link>
          <span className="muted"> (your coach, a clinic you shared with, or the Peerway team)</span>
        </li>
        <li>
          <Link to="/account/notices">Your notices</Link>
          <span className="muted"> (decisions by moderators about you, and appeals)</span>
        </li>
      </ul>
    </section>
  );
}
