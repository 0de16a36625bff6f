import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { registerSW } from "virtual:pwa-register";
import { App } from "./App";
import "./styles/tokens.css";
import "./styles/global.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The service worker (built by vite-plugin-pwa) precaches the app and the crisis page, so /help
// opens offline after one visit. It registers after the page has loaded, so its downloads never
// compete with the first paint, and its code (workbox-window) is a chunk of its own.
registerSW({
  // A new version replaced the service worker: leave this page as it is (a reload could lose what
  // someone is typing); the next navigation loads the new version, and a page whose chunk is
  // gone says so with a reload button.
  onNeedReload: () => undefined,
});
