import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import express, { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AuditOutcome } from '../access/audit-record.entity';
import { recordAnswer } from '../access/answer-audit';
import { Role, Viewer } from '../access/viewer';
import { Clock } from '../shared/clock';
import { acceptJsonText } from '../shared/text-policy';
import { epcisQueryDocument, standaloneEpcisEvent } from './epcis-event';
import { EpcisParameters, parseEpcisQuery } from './epcis-query';
import { EpcisProblem, problemOf } from './epcis-problem';
import { EpcisCaptureService } from './epcis-capture.service';
import { EpcisService } from './epcis.service';
import { MovementObserver } from '../ledger/movement-observer';

export interface EpcisRoutesDeps {
  orm: MikroORM;
  base: string;
  clockSkewMs: number;
  /** The ledger's movement observers (licence checks): capture appends as recordMovements does. */
  observers: readonly MovementObserver[];
  /** Parses a capture's body (the server's large-request gate and JSON limit). */
  bodyParsers: express.RequestHandler[];
  clock: Clock;
  logger: Logger;
  /** Where a query of the caller's reads (a replica that has replayed its last write, or the primary), named for X-Read-From. */
  readTarget: (viewer: Viewer) => Promise<{ em: EntityManager; readFrom: string }>;
  /** After a capture: remembers the caller's write so its next reads see it; the position for X-Commit-LSN. */
  wrote: (viewer: Viewer) => Promise<string | undefined>;
  /** The caller, from the request's credentials (refuses bad ones with an AccessError). */
  authenticate: (req: Request) => Promise<Viewer>;
}

const EPCIS_HEADERS = { 'GS1-EPCIS-Version': '2.0.0', 'GS1-CBV-Version': '2.0.0', 'GS1-Extensions': '' };

/**
 * The EPCIS 2.0 REST binding's query interface over the ledger (docs/epcis.md):
 * GET /events with SimpleEventQuery parameters, GET /events/{eventID}; and
 * capture, POST /capture, into the caller's chain. Same
 * rows as GraphQL `movements`; a partner department's request is audited like
 * its GraphQL ones, and unanswered when the audit row cannot be written.
 */
export function epcisRoutes(deps: EpcisRoutesDeps): express.Router {
  const router = express.Router();
  const service = async (viewer: Viewer, res: Response) => {
    const target = await deps.readTarget(viewer);
    res.setHeader('X-Read-From', target.readFrom);
    return new EpcisService(target.em, deps.base);
  };

  router.get('/events', async (req, res) => {
    await answer(deps, req, res, 'epcis.events', async (viewer) => {
      const query = parseEpcisQuery(deps.base, req.query as EpcisParameters);
      const page = await (await service(viewer, res)).events(viewer, query);
      if (page.nextPageToken) res.setHeader('Link', `<${nextPageUrl(deps.base, req, page.nextPageToken)}>; rel="next"`);
      return { body: epcisQueryDocument(deps.base, page.events, deps.clock.now()), rows: page.events.length };
    });
  });

  router.get('/events/:eventID', async (req, res) => {
    await answer(deps, req, res, 'epcis.event', async (viewer) => {
      const event = await (await service(viewer, res)).event(viewer, String(req.params.eventID));
      return { body: standaloneEpcisEvent(deps.base, event), rows: 1 };
    });
  });

  router.post('/capture', ...deps.bodyParsers, async (req, res) => {
    await answer(deps, req, res, 'epcis.capture', async (viewer) => {
      const capture = new EpcisCaptureService(deps.orm.em.fork(), deps.base, deps.clock, { clockSkewMs: deps.clockSkewMs }, deps.observers);
      const result = await capture.capture(viewer, acceptJsonText(req.body));
      const position = await deps.wrote(viewer);
      if (position) res.setHeader('X-Commit-LSN', position);
      return { body: result, rows: result.eventIDs.length, status: result.replayed ? 200 : 201 };
    }, 'ValidationException');
  });

  // A body that is not JSON is the capturer's fault: an EPCIS ValidationException, not a server error.
  router.use((error: { type?: string; status?: number }, _req: Request, res: Response, next: express.NextFunction) => {
    if (error.type !== 'entity.parse.failed' && error.type !== 'entity.too.large') return next(error);
    const status = error.type === 'entity.too.large' ? 413 : 400;
    const type = status === 413 ? 'epcisException:CaptureLimitExceededException' : 'epcisException:ValidationException';
    res.status(status).set(EPCIS_HEADERS).type('application/problem+json').send(JSON.stringify({ type, title: status === 413 ? 'The document is too large' : 'The body is not JSON', status, code: 'BAD_USER_INPUT' }));
  });

  return router;
}

/** Authenticates, runs, audits a partner's request or a regulator's read (GET), and writes the document or the EPCIS problem. */
async function answer(
  deps: EpcisRoutesDeps,
  req: Request,
  res: Response,
  operation: string,
  run: (viewer: Viewer) => Promise<{ body: unknown; rows: number; status?: number }>,
  invalid: 'QueryParameterException' | 'ValidationException' = 'QueryParameterException',
): Promise<void> {
  res.set(EPCIS_HEADERS);
  let viewer: Viewer | undefined;
  let status = 200;
  let body: unknown;
  let rows = 0;
  try {
    viewer = await deps.authenticate(req);
    const result = await run(viewer);
    ({ body, rows } = result);
    status = result.status ?? 200;
  } catch (error) {
    const problem: EpcisProblem = problemOf(error, invalid);
    if (problem.status === 500) deps.logger.error({ err: error, operation }, 'EPCIS request failed');
    status = problem.status;
    body = problem;
  }
  if (viewer && (viewer.role === Role.PARTNER || req.method === 'GET')) {
    try {
      await recordAnswer(deps.orm.em, viewer, {
        at: deps.clock.now(),
        operationName: operation,
        operationType: 'rest',
        query: `${req.method} ${req.originalUrl}`,
        variables: { ...(req.query as Record<string, unknown>), ...req.params },
        rowsReturned: rows,
        outcome: status < 300 ? AuditOutcome.OK : status === 401 || status === 403 ? AuditOutcome.REFUSED : AuditOutcome.FAILED,
        errorCodes: status < 300 ? [] : [(body as EpcisProblem).code],
        requestId: String(req.headers['x-request-id'] ?? ''),
      }, body);
    } catch (error) {
      deps.logger.error({ err: error }, 'audit write failed');
      status = 503;
      body = { type: 'epcisException:ImplementationException', title: 'The request could not be audited, so it is not answered', status, code: 'AUDIT_UNAVAILABLE' };
    }
  }
  res.status(status).type(status < 300 ? 'application/ld+json' : 'application/problem+json').send(JSON.stringify(body));
}

function nextPageUrl(base: string, req: Request, token: string): string {
  const url = new URL(req.originalUrl, base);
  url.searchParams.set('nextPageToken', token);
  return `${base}${url.pathname}${url.search}`;
}
