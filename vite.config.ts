import { defineConfig } from 'vite';

/** Where `npm start` / `npm run dev` runs the Colyseus server (server/config.ts's default port). */
const GAME_SERVER = 'http://localhost:2567';

// The repository root is Vite's root: `index.html` loads `client/main.ts`, and the build goes to
// `dist/`, which the game server serves on its own port. In `npx vite` development, everything the
// game server answers (JSON API, Colyseus matchmaking, the room WebSocket) is proxied to it, so the
// page can keep using relative URLs. No analytics or telemetry plugin, on purpose.
export default defineConfig({
  root: '.',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    // Phaser alone is ~1.2 MB minified; split it so game code changes keep its cache warm.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      // The classroom pages (issue 5) are a second entry: class.html, no Phaser.
      input: { main: 'index.html', class: 'class.html' },
      output: {
        codeSplitting: { groups: [{ name: 'phaser', test: /node_modules[\\/]phaser/ }] },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: GAME_SERVER, changeOrigin: true },
      '/matchmake': { target: GAME_SERVER, changeOrigin: true },
      '/__healthcheck': { target: GAME_SERVER, changeOrigin: true },
      // A Colyseus room socket is `/<processId>/<roomId>?sessionId=…` (see @colyseus/sdk's
      // Client.buildEndpoint); Vite's own HMR socket has no such path, so the two never collide.
      '^/[^/?]+/[^/?]+\\?(.*&)?sessionId=': { target: GAME_SERVER, ws: true, changeOrigin: true },
    },
  },
  preview: { port: 4173 },
});
