import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Lets at most `slots` large requests (a body over `minBytes` by Content-Length,
 * or a chunked body of unknown length) be read and handled at once; the others wait, in arrival order, before their
 * body is read. A 1,000-entry submission holds tens of megabytes while it is
 * parsed, checked, sealed and written, so this bounds the server's memory;
 * small requests pass straight through. A waiting client sees only latency.
 */
export function largeRequestGate(slots: number, minBytes: number): RequestHandler {
  let busy = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy -= 1;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const length = req.headers['content-length'];
    const large = length === undefined ? req.headers['transfer-encoding'] !== undefined : Number(length) > minBytes;
    if (!large) return next();
    let done = false;
    const enter = () => {
      if (res.writableEnded || req.destroyed) {
        // The client left while it waited: hand the slot on.
        release();
        return;
      }
      const leave = () => {
        if (done) return;
        done = true;
        release();
      };
      res.once('finish', leave);
      res.once('close', leave);
      next();
    };
    if (busy < slots) {
      busy += 1;
      enter();
    } else waiting.push(enter);
  };
}
