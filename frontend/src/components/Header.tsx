import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FocusEvent, type MouseEvent } from "react";
import { Link, NavLink, useLocation, useNavigate } from "react-router";
import { api } from "../api/client";
import { signOutAndGo, useSignedIn } from "../lib/session";
import { useMyProfile } from "../pages/account/queries";
import { useLiveNotifications, useUnreadCount } from "../pages/notifications/queries";
import { useCanModerate } from "../pages/safety/queries";
import { SuspendedNotice } from "./SuspendedNotice";
import { HelpLink } from "../pages/crisis/HelpLink";

const SECTIONS = [
  { to: "/groups", label: "Groups" },
  { to: "/sessions", label: "Sessions" },
  { to: "/coaching", label: "Coaching" },
  { to: "/resources", label: "Resources" },
];

/** Where the account menu leads: the button shows it is "here" while one of these is open. */
const ACCOUNT_PATHS = ["/my/sessions", "/profile", "/account", "/moderation", "/admin"];

/**
 * A disclosure (a button that shows and hides a panel). It closes on Escape (focus goes back to
 * its button), on a click or focus outside the button and panel, on following a link in the
 * panel, and whenever the location changes: the open state belongs to the location it was
 * opened at, so a new page always starts with every menu closed.
 */
function useDisclosure<Panel extends HTMLElement>() {
  const { key } = useLocation();
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === key;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<Panel>(null);

  useEffect(() => {
    if (!open) return;
    const inside = (target: EventTarget | null) =>
      target instanceof Node && (buttonRef.current?.contains(target) || panelRef.current?.contains(target));
    const onPointerDown = (event: PointerEvent) => {
      if (!inside(event.target)) setOpenAt(null);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpenAt(null);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  return {
    open,
    buttonRef,
    panelRef,
    toggle: () => setOpenAt(open ? null : key),
    /** Following a link (even to the page already shown) closes the panel. */
    onPanelClick: (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest("a")) setOpenAt(null);
    },
    /** Tabbing out of the button and panel closes it, so it never hides the page behind it. */
    onBlur: (event: FocusEvent) => {
      const next = event.relatedTarget;
      if (next instanceof Node && !buttonRef.current?.contains(next) && !panelRef.current?.contains(next)) {
        setOpenAt(null);
      }
    },
  };
}

/**
 * Notifications with the number of unread ones, read out as "Notifications 2 unread". The bell
 * and the count show at every width (the word would not fit one row beside the rest at 1024 px).
 */
function NotificationsLink() {
  const unread = useUnreadCount(true);
  useLiveNotifications();
  const count = unread.data?.count ?? 0;
  const shown = unread.data?.more ? "99+" : String(count);
  return (
    <NavLink to="/notifications" className="notify-link">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="notify-link__icon">
        <path d="M12 3.5a5.5 5.5 0 0 0-5.5 5.5v3.6L5 15.5h14l-1.5-2.9V9A5.5 5.5 0 0 0 12 3.5z" />
        <path d="M10 18.5a2 2 0 0 0 4 0" />
      </svg>
      <span className="visually-hidden">Notifications</span>
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

/**
 * The signed-in member's own pages (and, by role, moderation and partner clinics) and signing
 * out, behind one "Account" button: a disclosure of links, not an ARIA menu, so Tab and the
 * usual link keys work inside it.
 */
function AccountMenu() {
  const panelId = useId();
  const menu = useDisclosure<HTMLDivElement>();
  const { pathname } = useLocation();
  const profile = useMyProfile(true).data?.profile;
  const canModerate = useCanModerate(true);
  const isAdmin = profile?.role === "admin";
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
  const here = ACCOUNT_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));

  return (
    <div className="account-menu">
      <button
        ref={menu.buttonRef}
        type="button"
        className="header-toggle account-menu__button"
        aria-expanded={menu.open}
        aria-controls={panelId}
        data-here={here || undefined}
        onClick={menu.toggle}
        onBlur={menu.onBlur}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="header-toggle__icon">
          <circle cx="12" cy="8.5" r="3.5" />
          <path d="M5 19.5c1.2-3.4 3.9-5 7-5s5.8 1.6 7 5" />
        </svg>
        <span className="header-toggle__text">Account</span>
        <svg aria-hidden="true" viewBox="0 0 24 24" className="header-toggle__chevron">
          <path d="M7 10l5 5 5-5" />
        </svg>
      </button>
      <div
        ref={menu.panelRef}
        id={panelId}
        className="account-menu__panel"
        hidden={!menu.open}
        onClick={menu.onPanelClick}
        onBlur={menu.onBlur}
      >
        {profile?.display_name ? (
          <p className="account-menu__who">
            Signed in as <strong>{profile.display_name}</strong>
          </p>
        ) : null}
        <ul>
          <li>
            <NavLink to="/my/sessions">My sessions</NavLink>
          </li>
          <li>
            <NavLink to="/profile">Profile</NavLink>
          </li>
          <li>
            <NavLink to="/account/clinics">Sharing with clinics</NavLink>
          </li>
        </ul>
        {canModerate || isAdmin ? (
          <ul>
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
          </ul>
        ) : null}
        <div className="account-menu__end">
          <button
            type="button"
            className="account-menu__sign-out"
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
          >
            {signOut.isPending ? "Signing out…" : "Sign out"}
          </button>
        </div>
      </div>
    </div>
  );
}

export function Header() {
  const signedIn = useSignedIn();
  const navId = useId();
  const sections = useDisclosure<HTMLElement>();

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
        {/* Crisis help: second in the tab order and on screen at every width, never in a menu. */}
        <HelpLink className="help-link">
          Get help now
        </HelpLink>
        {/* Phones: the four sections fold behind this button (hidden from 768 px up). */}
        <button
          ref={sections.buttonRef}
          type="button"
          className="header-toggle sections-toggle"
          aria-expanded={sections.open}
          aria-controls={navId}
          onClick={sections.toggle}
          onBlur={sections.onBlur}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="header-toggle__icon">
            {sections.open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
          Menu
        </button>
        <nav
          ref={sections.panelRef}
          id={navId}
          aria-label="Main"
          className="main-nav"
          data-open={sections.open || undefined}
          onClick={sections.onPanelClick}
          onBlur={sections.onBlur}
        >
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to}>{section.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-label="Account" className="account-nav">
          {signedIn ? (
            <>
              <NotificationsLink />
              <AccountMenu />
            </>
          ) : (
            <ul>
              <li>
                <NavLink to="/sign-in" className="account-nav__sign-in">
                  Sign in
                </NavLink>
              </li>
              <li>
                <NavLink to="/sign-up" className="button button--small">
                  Sign up
                </NavLink>
              </li>
            </ul>
          )}
        </nav>
      </div>
      <SuspendedNotice signedIn={signedIn} />
    </header>
  );
}
