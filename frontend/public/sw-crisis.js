/* Part of the service worker: frontend/vite.config.ts has Workbox's generated sw.js import it
 * before Workbox adds its own routes, so this answers first.
 *
 * The crisis page, /help and /help?region=XX, opens from the precached copy, online or offline:
 * at once on any connection. Workbox's precache route would look /help up with the navigation's
 * own headers, and /help varies on Accept-Language (with no region chosen, the server renders the
 * browser's country), so the copy stored at install would never match; this lookup ignores Vary
 * and the query. The page's help.js then re-renders the country asked for from the precached
 * /help/data.json. Without a precached copy (an old worker), the network answers as usual.
 */
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.mode !== "navigate") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname !== "/help") return;
  event.respondWith(
    caches.match("/help", { ignoreSearch: true, ignoreVary: true }).then(function (cached) {
      return cached || fetch(request);
    }),
  );
});
