import { Link } from "react-router";
import { ApiError } from "../lib/problems";
import { useUnreadCount } from "../pages/notifications/queries";
import { isSuspended } from "../pages/safety/labels";
import { useMyNotices } from "../pages/safety/queries";
import "../pages/safety/safety.css";

/**
 * "Your account is suspended", under the header on every page while it is. The API gives no
 * flag for this: a suspended member's other reads answer 403, so the header's unread count
 * (which no one else is refused) is the cue, and their notices (still readable) confirm it.
 */
export function SuspendedNotice({ signedIn }: { signedIn: boolean }) {
  const unread = useUnreadCount(signedIn);
  const refused = unread.error instanceof ApiError && unread.error.status === 403;
  const notices = useMyNotices(signedIn && refused);
  const items = notices.data?.pages.flatMap((page) => page.items) ?? [];
  if (!refused || !isSuspended(items)) return null;
  return (
    <div className="suspended-notice" role="note" aria-label="Account status">
      <div className="container">
        <p>
          <strong>Your account is suspended.</strong> You can still read why and appeal once.{" "}
          <Link to="/account/notices">See your notices</Link>
        </p>
      </div>
    </div>
  );
}
