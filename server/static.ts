/**
 * Serves the Vite build (`dist/`) on the game's own port, as a plain Node middleware mounted on the
 * Express app Colyseus' WebSocket transport already owns (so no extra dependency). Colyseus routes
 * (`/matchmake/…`) and our API (`/api/…`) are matched first by its router; everything else lands
 * here. A path without a file extension falls back to index.html, so client-side routes reload.
 * Until the client is built, every page is a short placeholder that says how to build it.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TCP Dojo</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>TCP Dojo</h1>
<p>The game server is running, but the browser client has not been built yet.</p>
<p>Run <code>npm start</code> (which builds it), or <code>npm run build</code> and reload this page.</p>
<p>服务器已运行，但浏览器客户端尚未构建。请运行 <code>npm start</code> 或 <code>npm run build</code>，然后刷新本页。</p>
<p><a href="/api/health">/api/health</a></p>
</body></html>
`;

export type Next = (error?: unknown) => void;
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

function fileStats(path: string): Stats | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

function isFile(path: string): boolean {
  return fileStats(path) !== null;
}

/** negotiator 1.x breaks a tie in the client's preferences by the server's order (`preferred`); @types/negotiator (0.6) does not have that option yet. */
type EncodingNegotiator = { encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined };

/** The compressed copies the build writes beside a file (vite.config.ts), by content coding. */
const COPIES = { br: '.br', gzip: '.gz' } as const;
type Coding = keyof typeof COPIES;

/** The compressed copies of `path` the build made, each at least as new as the file (a copy left from an older build is never sent). */
function copiesOf(path: string, file: Stats): Map<Coding, Stats> {
  const copies = new Map<Coding, Stats>();
  for (const coding of Object.keys(COPIES) as Coding[]) {
    const copy = fileStats(path + COPIES[coding]);
    if (copy !== null && copy.mtimeMs >= file.mtimeMs) copies.set(coding, copy);
  }
  return copies;
}

/** `dir` is read on every request, so building the client while the server runs just works. */
export function serveStatic(dir: string): NodeMiddleware {
  const root = resolve(dir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    if (rawPath.startsWith('/api/') || rawPath.startsWith('/matchmake/')) return next();

    let urlPath: string;
    try {
      urlPath = decodeURIComponent(rawPath);
    } catch {
      return notFound(res);
    }
    if (urlPath.includes('\0')) return notFound(res);

    const index = join(root, 'index.html');
    const requested = resolve(root, '.' + (urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath));
    if (requested !== root && !requested.startsWith(root + sep)) return notFound(res);

    if (isFile(requested)) return sendFile(req, res, requested);
    // An asset that is missing is a 404; a page path is a client-side route: serve the app.
    if (extname(urlPath) !== '') return notFound(res);
    if (isFile(index)) return sendFile(req, res, index);

    res.writeHead(200, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : PLACEHOLDER_HTML);
  };
}

function sendFile(req: IncomingMessage, res: ServerResponse, path: string): void {
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  // Vite fingerprints everything under assets/, so those can be cached for good; pages cannot.
  const cache = path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  const file = fileStats(path);
  if (file === null) return notFound(res);
  // The coding the browser prefers (Accept-Encoding, read by `negotiator`) among the copies made;
  // where it likes several as much (Chrome: "gzip, deflate, br, zstd"), the smallest, brotli.
  const copies = copiesOf(path, file);
  const offered = [...copies.keys(), 'identity'];
  const coding = copies.size === 0 ? undefined : ((new Negotiator(req) as unknown as EncodingNegotiator).encoding(offered, { preferred: offered }) as Coding | 'identity' | undefined);
  const copy = coding === undefined || coding === 'identity' ? undefined : { coding, stats: copies.get(coding)! };
  res.writeHead(200, {
    'content-type': type,
    'cache-control': cache,
    'content-length': String((copy?.stats ?? file).size),
    ...(copies.size > 0 ? { vary: 'Accept-Encoding' } : {}),
    ...(copy !== undefined ? { 'content-encoding': copy.coding } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(copy !== undefined ? path + COPIES[copy.coding] : path)
    .on('error', () => res.destroy())
    .pipe(res);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found');
}
