import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, NavLink, useNavigate } from "react-router";
import { api } from "../api/client";
import { signOutAndGo, useSignedIn } from "../lib/session";
import { useMyProfile } from "../pages/account/queries";
import { useUnreadCount } from "../pages/notifications/queries";
import { useCanModerate } from "../pages/safety/queries";
import { SuspendedNotice } from "./SuspendedNotice";

const SECTIONS = [
  { to: "/groups", label: "Groups" },
  { to: "/sessions", label: "Sessions" },
  { to: "/coaching", label: "Coaching" },
  { to: "/resources", label: "Resources" },
];

/**
 * Notifications with the number of unread ones, read out as "Notifications 2 unread". On phones
 * only the bell and the count show, beside "Get help now", so the header stays two calm rows.
 */
function NotificationsLink() {
  const unread = useUnreadCount(true);
  const count = unread.data?.count ?? 0;
  const shown = unread.data?.more ? "99+" : String(count);
  return (
    <NavLink to="/notifications" className="notify-link">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="notify-link__icon">
        <path d="M12 3.5a5.5 5.5 0 0 0-5.5 5.5v3.6L5 15.5h14l-1.5-2.9V9A5.5 5.5 0 0 0 12 3.5z" />
        <path d="M10 18.5a2 2 0 0 0 4 0" />
      </svg>
      <span className="notify-link__label">Notifications</span>
      {count > 0 ? (
        <>
          {" "}
          <span className="count">{shown}</span>
          <span className="visually-hidden"> unread</span>
        </>
      ) : null}
    </NavLink>
  );
}

export function Header() {
  const signedIn = useSignedIn();
  const canModerate = useCanModerate(signedIn);
  const isAdmin = useMyProfile(signedIn).data?.profile.role === "admin" && signedIn;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    // Revoke this sign-in on the server; whatever happens there, forget it on this device.
    mutationFn: async () => {
      await api.POST("/api/v1/auth/logout").catch(() => undefined);
    },
    onSettled: async () => {
      await signOutAndGo(navigate, "/sign-in", { signedOut: true });
      queryClient.clear();
    },
  });

  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="brand">
          <svg aria-hidden="true" viewBox="0 0 32 32" className="brand__mark">
            <rect width="32" height="32" rx="8" />
            <path d="M8 20c3-6 13-6 16 0" />
            <circle cx="16" cy="11" r="3" />
          </svg>
          Peerway
        </Link>
        {signedIn ? <NotificationsLink /> : null}
        <Link to="/help" className="help-link">
          Get help now
        </Link>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to}>{section.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-label="Account" className="account-nav">
          <ul>
            {signedIn ? (
              <>
                {canModerate ? (
                  <li>
                    <NavLink to="/moderation">Moderation</NavLink>
                  </li>
                ) : null}
                {isAdmin ? (
                  <li>
                    <NavLink to="/admin/clinics">Partner clinics</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/my/sessions">My sessions</NavLink>
                </li>
                <li>
                  <NavLink to="/account/clinics">Sharing with clinics</NavLink>
                </li>
                <li>
                  <NavLink to="/profile">Profile</NavLink>
                </li>
                <li>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => signOut.mutate()}
                    disabled={signOut.isPending}
                  >
                    {signOut.isPending ? "Signing out…" : "Sign out"}
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/sign-in">Sign in</NavLink>
                </li>
                <li>
                  <NavLink to="/sign-up" className="button button--small">
                    Sign up
                  </NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
      <SuspendedNotice signedIn={signedIn} />
    </header>
  );
}
