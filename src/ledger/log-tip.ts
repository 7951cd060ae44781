import { EntityManager } from '@mikro-orm/postgresql';
import { PositionWatch } from '../db/position-watch';
import { rawQuery } from '../db/raw-query';

/** The log's newest position (the largest logIndex, -1 when empty), watched once per process for every live ledger feed. */
export class LogTip extends PositionWatch {
  constructor(em: EntityManager, intervalMs = 250) {
    super(async () => {
      const [row] = await rawQuery<{ tip: string }>(em.fork(), `select coalesce(max(log_index), -1)::text as tip from log_leaf`);
      return BigInt(row.tip);
    }, intervalMs);
  }
}
