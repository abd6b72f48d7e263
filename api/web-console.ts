// Serves the web console (dist/web, built from web/ by `npm run build`) at /: the hashed files under
// /assets with a year's cache (a new build has new names), index.html never cached, and a browser's
// navigation to a client-side route (/agreements/…, /verify/…) answered with index.html. The API's own
// paths (/v1, /docs, /openapi.json, /healthz, /readyz, /metrics) are never touched: they are matched
// before this, and a miss there stays a problem+json 404. Middleware only, no routes: every route of the
// app is still a documented defineRoute (test/api/openapi.test.ts counts them).
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, Router } from 'express';

/** Where `npm run build` puts the console (devtools/web-console.ts runs Vite; web/vite.config.mts says the same). */
export const webBuildDir = path.resolve(__dirname, '..', 'dist', 'web');

const API_PREFIXES = ['/v1', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'];
const YEAR_SECONDS = 365 * 24 * 3600;

function isApiPath(p: string): boolean {
  return API_PREFIXES.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));
}

/** A browser navigating (it asks for HTML), not an API client asking for something that is not there. */
function isNavigation(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
}

export function webConsole(buildDir: string = webBuildDir): RequestHandler {
  const router = Router();
  const indexFile = path.join(buildDir, 'index.html');
  const noStore = (res: express.Response) => res.setHeader('cache-control', 'no-cache');
  router.use(
    '/assets',
    (_req, res, next) => {
      res.locals.route = '/assets';
      next();
    },
    express.static(path.join(buildDir, 'assets'), {
      immutable: true,
      maxAge: YEAR_SECONDS * 1000,
      index: false,
      fallthrough: true,
    }),
  );
  router.use((req, res, next) => {
    if (isApiPath(req.path) || req.path.startsWith('/assets/') || !isNavigation(req)) return next();
    // Read on each navigation rather than once: a rebuild while the API runs is served at once.
    if (!existsSync(indexFile)) return next();
    res.locals.route = '/ (web console)';
    noStore(res);
    res.sendFile(indexFile);
  });
  return router;
}
