import { Component, Suspense, type ReactNode } from "react";
import { Outlet, useLocation } from "react-router";

/** Shown in <main> while a page's code arrives; the header and its help link stay usable. */
function PageLoading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

/**
 * The pages of the app, each loaded when first used, under the shared header and footer. A
 * page that fails is contained here; going to another page clears the error.
 */
export function LazyPages() {
  const { pathname } = useLocation();
  return (
    <PageErrorBoundary pathname={pathname}>
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </PageErrorBoundary>
  );
}

/** A dynamic import() that failed: offline, or a deploy replaced the chunk this tab expected. */
export function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(
    error.message,
  );
}

interface BoundaryProps {
  pathname: string;
  children: ReactNode;
}

class PageErrorBoundary extends Component<BoundaryProps, { error: unknown; pathname: string }> {
  override state = { error: null as unknown, pathname: this.props.pathname };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  // Not a `key` on the boundary: remounting it on every navigation would flash the loading line
  // instead of keeping the previous page up while the next one's chunk arrives.
  static getDerivedStateFromProps(props: BoundaryProps, state: { error: unknown; pathname: string }) {
    return props.pathname === state.pathname ? null : { error: null, pathname: props.pathname };
  }

  override render() {
    return this.state.error ? <PageLoadError error={this.state.error} /> : this.props.children;
  }
}

/**
 * What a page shows when it failed to load or render. A missing chunk is the common case (a
 * phone that lost its connection, or a tab left open over a deploy): reloading fetches the
 * current version. The help link stays one tap away either way (a document link: it opens
 * offline too, from the service worker's cache).
 */
export function PageLoadError({ error }: { error: unknown }) {
  return (
    <article className="page page--narrow">
      <h1>This page didn't load</h1>
      <div role="alert" className="alert alert--error">
        <p>
          {isChunkLoadError(error)
            ? "Peerway couldn't fetch this page. You may be offline, or Peerway was just updated."
            : "Something went wrong while showing this page."}
        </p>
        <button type="button" className="button button--quiet button--small" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
      <p>
        If you need someone now, <a href="/help">get help</a>.
      </p>
    </article>
  );
}
