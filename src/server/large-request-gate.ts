import type { IncomingMessage, ServerResponse } from 'node:http';
import { Admission } from './admission';

/**
 * Lets at most `slots` large requests (a body over `minBytes` by Content-Length,
 * or a chunked body of unknown length) be read and handled at once; the others wait, in arrival order, before their
 * body is read. A 1,000-entry submission holds tens of megabytes while it is
 * parsed, checked, sealed and written, so this bounds the server's memory;
 * small requests pass straight through. A waiting client sees only latency.
 */
export function largeRequestGate(slots: number, minBytes: number): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const admission = new Admission(slots);
  return (req, res, next) => {
    const length = req.headers['content-length'];
    const large = length === undefined ? req.headers['transfer-encoding'] !== undefined : Number(length) > minBytes;
    if (!large) return next();
    admission.admit(req, res, next);
  };
}
