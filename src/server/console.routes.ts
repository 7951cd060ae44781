import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/**
 * The console (web/, built by `npm run console:build`) at `/`: its hashed
 * assets cached for a year, and index.html, never cached, for every other GET
 * path the API does not own, so the single-page app's routes survive a reload.
 */
export function consoleRoutes(dir: string): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(dir, { index: false }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) {
      next();
      return;
    }
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The console is not built yet: npm start builds it in the background when web/ has changed (reload in a minute), or run `npm run console:build`.\n');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(index);
  });
  return router;
}
