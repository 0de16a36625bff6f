import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The built app is served by Flask at "/", and in development Vite forwards /api to Flask.
export default defineConfig({
  plugins: [react()],
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
});
