import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, NavLink, useNavigate } from "react-router";
import { api } from "../api/client";
import { signOutAndGo, useSignedIn } from "../lib/session";

const SECTIONS = [
  { to: "/groups", label: "Groups" },
  { to: "/sessions", label: "Sessions" },
  { to: "/coaching", label: "Coaching" },
  { to: "/resources", label: "Resources" },
];

export function Header() {
  const signedIn = useSignedIn();
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
    </header>
  );
}
