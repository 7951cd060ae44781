import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from '../config';
import type { PositionWatch } from '../db/position-watch';
import type { BoundSql } from '../db/raw-query';
import { Clock } from '../shared/clock';
import type { connectionPages } from './loaders';

/**
 * What every resolver receives: one EntityManager fork and one set of DataLoaders per request.
 * Domains add their own members (the viewer, their loaders, the ledger's observers) by declaration
 * merging in their own files, so this layer imports no domain; src/context.ts builds the whole.
 */
export interface Context {
  /** Where this request reads and writes: the primary's fork, or a replica's for a query routed there (read-routing.plugin.ts). */
  em: EntityManager;
  /** Set when `em` reads a replica: the primary's fork, for the writes a read still makes (the partner audit row). */
  primaryEm?: EntityManager;
  /** An export's pages read a replica whoever the caller (still after the caller's own last write). */
  preferReplica?: boolean;
  clock: Clock;
  config: Config;
  logger: Logger;
  loaders: Loaders;
  requestId: string;
  /**
   * Set by the audit plugin for an audited query of one root field, which a compiled read
   * (json-read.ts, partners) or a read knowing its answer in advance (an entry proof) may answer:
   * the request's audit row, to be written by that read's own statement.
   */
  auditInRead?: ReadAudit;
  /** Over WebSocket: the process's watcher of the commit-ordered feeds (alerts, notifications; db/commit-order.ts). */
  commitWatch?: PositionWatch;
  /** Over WebSocket: when the caller's token stops being valid, a live feed ends (null: no expiry of its own). */
  credentialExpiresAt?: Date | null;
}

/**
 * A request's audit row as a data-modifying CTE of the statement that reads its answer: one round
 * trip and one commit for both, and the row is durable before the answer is (the statement commits
 * before the driver returns its rows; if the row fails, so does the read).
 */
export interface ReadAudit {
  /** `insert … select … from <source>` with its values bound, the answer's rows (as rowsReturned counts them) being the expression `rows`; null when this read cannot write (a replica's, a regulator's). */
  insert(source: string, rows: string): BoundSql | null;
  /**
   * The same for a read whose answer's audited parts (its rows, the credit codes it names) are known
   * before it runs: `data` stands for the answer's data as served (graphql/known-answer.ts).
   */
  insertAnswer(source: string, data: Record<string, unknown>): BoundSql | null;
  /** Called once the statement has committed: the plugin then writes no second row. */
  written(): void;
}

/** One set of per-request DataLoaders; each domain's `<domain>.loaders.ts` adds its own. */
export interface Loaders {
  /** Pages of connection fields under lists, batched across parents (graphql/loaders.ts). */
  pages: ReturnType<typeof connectionPages>;
}
