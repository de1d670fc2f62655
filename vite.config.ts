import { constants as zlibConstants } from 'node:zlib';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

/** Where `npm start` / `npm run dev` runs the Colyseus server (server/config.ts's default port). */
const GAME_SERVER = 'http://localhost:2567';

// The repository root is Vite's root: `index.html` loads `client/main.ts`, and the build goes to
// `dist/`, which the game server serves on its own port. In `npx vite` development, everything the
// game server answers (JSON API, Colyseus matchmaking, the room WebSocket) is proxied to it, so the
// page can keep using relative URLs. No analytics or telemetry plugin, on purpose.
export default defineConfig({
  root: '.',
  publicDir: false,
  // Brotli and gzip copies of the build (assets and pages over 1 KB) beside each file; the game
  // server sends one to a browser that accepts it (server/static.ts): the page's 2.2 MB of
  // JavaScript is ~0.5 MB on the wire, which is what 30 laptops on a classroom's Wi-Fi wait for.
  plugins: [
    compression({
      algorithms: [defineAlgorithm('brotliCompress', { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }), defineAlgorithm('gzip', { level: 9 })],
      threshold: 1024,
      deleteOriginalAssets: false,
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    // Phaser alone is ~1.2 MB minified; split it so game code changes keep its cache warm.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      // The classroom pages (issue 5) are a second entry: class.html, no Phaser.
      input: { main: 'index.html', class: 'class.html' },
      // Compressing the build (above) is most of its JavaScript time, expected: not a warning on
      // every `npm start`.
      checks: { bundlerTimings: false },
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
