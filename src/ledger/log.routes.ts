import type { MikroORM } from '@mikro-orm/postgresql';
import express, { Request } from 'express';
import type { Logger } from 'pino';
import { AuditOutcome } from '../access/audit-record.entity';
import { auditRowInsert, PartnerRequest, recordPartnerRequest, recordRegulatorRead } from '../access/audit.service';
import { Role, Viewer } from '../access/viewer';
import { parseEntryBundlePath, parseTilePath } from '../proof/tiles';
import { Clock } from '../shared/clock';
import { CommonCode, DomainError } from '../shared/domain-error';
// Witnesses submit signed notes: lines of text, so line breaks are theirs (controls and NUL are not).
import { acceptJsonText, PROSE_TEXT } from '../shared/text-policy';
import { LedgerCode, LedgerError } from './ledger.errors';
import { LogProofService, MAX_SEQ } from './log-proof.service';
import { CosignatureSubmission, InconsistencyReport, LogWitnessService } from './log-witness.service';
import { parseVerifierKey } from '../proof/signed-note';

export interface LogRoutesDeps {
  orm: MikroORM;
  clock: Clock;
  logger: Logger;
  /** The log's note verifier key; without one, GET /log/key is 404. */
  logKey?: string;
  /** The caller, from the request's credentials (refuses bad ones with an AccessError). */
  authenticate: (req: Request) => Promise<Viewer>;
}

const STATUS: Record<string, number> = {
  [CommonCode.BAD_USER_INPUT]: 400,
  [CommonCode.UNAUTHENTICATED]: 401,
  [CommonCode.FORBIDDEN]: 403,
  [CommonCode.NOT_FOUND]: 404,
  [CommonCode.CONFLICT]: 409,
  [LedgerCode.NOT_YET_LOGGED]: 409,
  [LedgerCode.ENTRY_TOO_LARGE]: 409,
};

/** A query parameter holding a tree size: absent, or a decimal number. */
function sizeParameter(req: Request, name: string): number | null {
  const value = req.query[name];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !/^[0-9]{1,15}$/.test(value)) throw LedgerError.invalidArgument([name], `${name} is a tree size in decimal`);
  return Number(value);
}

/**
 * The log over plain HTTP for clients without GraphQL (docs/log.md, the
 * public contract): GET /checkpoint (the latest signed note with its
 * cosignatures), GET /log/key, GET /tile/… (C2SP tlog-tiles), GET
 * /log/consistency, all public; a witness's POST /log/cosignatures and POST
 * /log/inconsistency; GET /log/entries/{chain}/{seq}/proof with the
 * token GraphQL's entryProof asks for, a partner department's request audited
 * like its GraphQL ones.
 */
export function logRoutes(deps: LogRoutesDeps): express.Router {
  const router = express.Router();
  // The ORM's root manager: a proof's reads are raw statements, and the service forks for the rare entity read.
  const proofs = () => new LogProofService(deps.orm.em);
  const witnesses = () => new LogWitnessService(deps.orm.em.fork(), deps.clock);

  router.get('/checkpoint', async (_req, res) => {
    const result = await outcome(deps, async () => (await proofs().latestCheckpoint()).note);
    if (result.status !== 200) return void res.status(result.status).json(result.body);
    res.set('Cache-Control', 'no-cache').type('text/plain; charset=utf-8').send(result.body);
  });

  router.get('/log/key', (_req, res) => {
    if (!deps.logKey) return void res.status(404).json({ code: CommonCode.NOT_FOUND, field: null, message: 'This server publishes no log key' });
    res.type('text/plain; charset=utf-8').send(`${deps.logKey}\n`);
  });

  // Before the hash tiles' route: the entries of a level-0 tile (C2SP tlog-tiles entry bundle), regulators only, audited.
  router.get(/^\/tile\/entries\/.+/, async (req, res) => {
    let viewer: Viewer | undefined;
    let chains: string[] = [];
    const result = await outcome(deps, async () => {
      viewer = await deps.authenticate(req);
      const ref = parseEntryBundlePath(req.path.slice(1));
      if (!ref) throw LedgerError.invalidArgument(['path'], 'Not a C2SP entry bundle path: tile/entries/<N>[.p/<W>]');
      const found = await proofs().entryBundle(viewer, ref.index, ref.width);
      if (!found) throw new LedgerError(CommonCode.NOT_FOUND, `The log has no entries ${req.path.slice(1)} yet`);
      chains = found.chains;
      return found.bundle;
    });
    if (viewer && !(await audited(deps, req, viewer, result, 'log.entryBundle', chains))) return void unaudited(res);
    if (result.status !== 200) return void res.status(result.status).json(result.body);
    // Entries never change, but who may read them does: not cached by shared caches.
    res.set('Cache-Control', 'private, max-age=31536000, immutable').type('application/octet-stream').send(result.body);
  });

  router.get(/^\/tile\/.+/, async (req, res) => {
    const path = req.path.slice(1);
    const result = await outcome(deps, async () => {
      const ref = parseTilePath(path);
      if (!ref) throw LedgerError.invalidArgument(['path'], 'Not a C2SP tile path: tile/<L>/<N>[.p/<W>]');
      const hashes = await proofs().tile(ref);
      if (!hashes) throw new LedgerError(CommonCode.NOT_FOUND, `The tree has no tile ${path} yet`);
      return hashes;
    });
    if (result.status !== 200) return void res.status(result.status).json(result.body);
    // A tile of a given width never changes: only a wider one appears.
    res.set('Cache-Control', 'public, max-age=31536000, immutable').type('application/octet-stream').send(result.body);
  });

  router.get('/log/consistency', async (req, res) => {
    const result = await outcome(deps, async () => {
      const from = sizeParameter(req, 'from');
      if (from === null) throw LedgerError.invalidArgument(['from'], 'from (a tree size) is required');
      return proofs().consistencyProof(from, sizeParameter(req, 'to'));
    });
    res.status(result.status).json(result.body);
  });

  // A witness's submissions: self-authenticating (a registered key's cosignature; a checkpoint the log signed).
  router.post('/log/cosignatures', express.json({ limit: '4kb' }), async (req, res) => {
    const result = await outcome(deps, () => witnesses().acceptCosignature(acceptJsonText(req.body ?? {}, [], () => PROSE_TEXT) as CosignatureSubmission));
    const created = result.status === 200 && (result.body as { created: boolean }).created;
    res.status(created ? 201 : result.status).json(result.body);
  });

  router.post('/log/inconsistency', express.json({ limit: '16kb' }), async (req, res) => {
    const result = await outcome(deps, async () => {
      const report = acceptJsonText(req.body ?? {}, [], () => PROSE_TEXT) as InconsistencyReport;
      if (!deps.logKey) throw LedgerError.noLogKey();
      return witnesses().reportInconsistency(parseVerifierKey(deps.logKey), report);
    });
    res.status(result.status).json(result.body);
  });

  router.get('/log/entries/:chain/:seq/proof', async (req, res) => {
    let viewer: Viewer | undefined;
    let writtenByRead = false;
    const chain = String(req.params.chain);
    const result = await outcome(deps, async () => {
      const reader = (viewer = await deps.authenticate(req));
      const seq = String(req.params.seq);
      if (!/^[1-9][0-9]{0,9}$/.test(seq)) throw LedgerError.invalidArgument(['seq'], `seq is a whole number from 1 to ${MAX_SEQ}`);
      // A proof served has its audit row written by the proof's own statement: one round trip, one commit.
      const audit = {
        insert: (source: string) => auditRowInsert(reader, auditRow(deps, req, { status: 200 }, 'log.entryProof', [chain]), source),
        written: () => {
          writtenByRead = true;
        },
      };
      return proofs().entryProof(reader, chain, Number(seq), sizeParameter(req, 'size'), audit);
    });
    // Should the proof fail all the same once its row is written, the row of the answer as served is written too.
    if (viewer && !(writtenByRead && result.status === 200) && !(await audited(deps, req, viewer, result, 'log.entryProof', [chain]))) return void unaudited(res);
    res.status(result.status).json(result.body);
  });

  return router;
}

interface Outcome {
  status: number;
  body: unknown;
  /** The error code, when refused. */
  code?: string;
}

/** Runs a handler: its value with 200, or a domain error as its status and `{code, field, message}`. */
async function outcome(deps: LogRoutesDeps, run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { status: 200, body: await run() };
  } catch (error) {
    if (error instanceof DomainError && STATUS[error.code]) {
      return { status: STATUS[error.code], code: error.code, body: { code: error.code, field: error.field?.join('.') ?? null, message: error.message, ...error.details } };
    }
    deps.logger.error({ err: error }, 'log request failed');
    return { status: 500, code: 'INTERNAL_SERVER_ERROR', body: { code: 'INTERNAL_SERVER_ERROR', field: null, message: 'The server could not answer' } };
  }
}

const unaudited = (res: express.Response) =>
  res.status(503).json({ code: 'AUDIT_UNAVAILABLE', field: null, message: 'The request could not be audited, so it is not answered' });

/** Writes a partner's audit row or a regulator's read row (nothing for other viewers), as GraphQL does; false when it cannot be written. */
async function audited(deps: LogRoutesDeps, req: Request, viewer: Viewer, result: Outcome, operationName: string, enterprises: string[]): Promise<boolean> {
  try {
    const record = viewer.role === Role.REGULATOR ? recordRegulatorRead : recordPartnerRequest;
    await record(deps.orm.em, viewer, auditRow(deps, req, result, operationName, enterprises));
    return true;
  } catch (error) {
    deps.logger.error({ err: error }, 'partner audit write failed');
    return false;
  }
}

/** A REST request's audit row: what was asked (method and URL, its parameters) and how it was answered. */
function auditRow(deps: LogRoutesDeps, req: Request, result: Pick<Outcome, 'status' | 'code'>, operationName: string, enterprises: string[]): PartnerRequest & { enterprises: string[] } {
  return {
    enterprises,
    at: deps.clock.now(),
    operationName,
    operationType: 'rest',
    query: `${req.method} ${req.originalUrl}`,
    variables: { ...(req.query as Record<string, unknown>), ...req.params },
    rowsReturned: result.status === 200 ? 1 : 0,
    outcome: result.status < 300 ? AuditOutcome.OK : result.status === 401 || result.status === 403 ? AuditOutcome.REFUSED : AuditOutcome.FAILED,
    errorCodes: result.code ? [result.code] : [],
    requestId: String(req.headers['x-request-id'] ?? ''),
  };
}
