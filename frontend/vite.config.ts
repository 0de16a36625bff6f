import react from "@vitejs/plugin-react";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import type { Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** A colour from the stylesheet's design tokens, so the manifest never drifts from the CSS. */
function cssToken(name: string): string {
  const tokens = readFileSync(new URL("src/styles/tokens.css", import.meta.url), "utf8");
  const value = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{3,8})`).exec(tokens)?.[1];
  if (!value) throw new Error(`src/styles/tokens.css has no --${name} colour`);
  return value;
}

/**
 * The crisis page (/help, /help/help.js, /help/data.json) is rendered by Flask, not built here.
 * Its precache revision is a hash of every file that shapes those three responses, so a deploy
 * that changes a number, the template or the code re-downloads them, and nothing else does.
 * pyproject.toml pins phonenumbers and tzdata, which data.json's time-zone map comes from.
 */
const CRISIS_PAGE_SOURCES: [folder: string, name: RegExp][] = [
  ["api/data", /\.json$/],
  ["api/templates", /^help/],
  ["api/resources", /^help_page\.py$/],
  ["api/services", /^crisis\.py$/],
  ["api", /^regions\.py$/],
  [".", /^pyproject\.toml$/],
];

function crisisPageRevision(): string {
  const files = CRISIS_PAGE_SOURCES.flatMap(([folder, name]) =>
    readdirSync(`${REPO}/${folder}`)
      .filter((file) => name.test(file))
      .map((file) => `${folder}/${file}`),
  ).sort();
  if (!files.some((file) => file.startsWith("api/templates/help"))) {
    throw new Error("the crisis page's template (api/templates/help*) is missing: cannot precache /help");
  }
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(readFileSync(`${REPO}/${file}`));
  return hash.digest("hex").slice(0, 16);
}

function crisisPageEntries() {
  const revision = crisisPageRevision();
  return ["/help", "/help/help.js", "/help/data.json"].map((url) => ({ url, revision }));
}

const COMPRESSIBLE = /\.(?:js|css|html|svg|webmanifest|json)$/;

/**
 * Writes name.br (brotli 11) and name.gz (gzip 9) beside each text file of the build, which Flask
 * serves to clients that accept them (api/web.py): the best compression, paid once per build
 * rather than per request. Runs last, after the service worker (sw.js) is generated.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "peerway-precompress",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      sequential: true,
      order: "post",
      handler() {
        const files = readdirSync(outDir, { recursive: true, encoding: "utf8" }).filter((f) => COMPRESSIBLE.test(f));
        for (const file of files) {
          const path = join(outDir, file);
          const body = readFileSync(path);
          const brotli = brotliCompressSync(body, {
            params: {
              [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
              [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
              [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          });
          const gzip = gzipSync(body, { level: zlib.Z_BEST_COMPRESSION });
          // A tiny file may grow: then the client simply gets it as it is.
          if (brotli.length < body.length) writeFileSync(`${path}.br`, brotli);
          if (gzip.length < body.length) writeFileSync(`${path}.gz`, gzip);
        }
      },
    },
  };
}

// The built app is served by Flask at "/", and in development Vite forwards /api to Flask.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    VitePWA({
      // A new version takes over the service worker at once; open pages are not reloaded under
      // the member (src/main.tsx), their next navigation gets the new version.
      registerType: "autoUpdate",
      injectRegister: false, // registered from src/main.tsx (the CSP allows no inline script)
      includeAssets: ["favicon.svg", "apple-touch-icon.png"],
      manifest: {
        name: "Peerway",
        short_name: "Peerway",
        description: "Peer support for mental health and recovery.",
        lang: "en",
        start_url: "/",
        scope: "/",
        display: "standalone",
        theme_color: cssToken("color-bg"),
        background_color: cssToken("color-bg"),
        icons: [
          { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,png}"],
        // The crisis page and every country's data, so that /help opens offline after one visit.
        // Only in a build: the dev server has no Flask behind these URLs.
        additionalManifestEntries: command === "build" ? crisisPageEntries() : [],
        // /help?region=JP is answered from the precached /help (public/sw-crisis.js, ahead of
        // Workbox's routes); its help.js re-renders Japan from the precached data.json.
        importScripts: ["/sw-crisis.js"],
        // SPA routes open the app shell offline; the server's own pages never get it instead.
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [
          /^\/api(?:\/|$)/,
          /^\/help(?:[/?]|$)/,
          /^\/(?:healthz|readyz)$/,
          /^\/(?:sw\.js|sw-crisis\.js|workbox-[^/]*\.js|manifest\.webmanifest)$/,
        ],
        // No runtimeCaching: API answers (personal data) are never stored by the service worker.
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    precompress(),
  ],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", changeOrigin: false },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    unstubGlobals: true,
    // Typing whole forms with user-event takes seconds when CI shares two cores with a build.
    testTimeout: 15_000,
  },
}));
