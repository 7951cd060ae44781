import { createTestApi } from './api';
import { openTestDatabase, TestDatabase } from './database';
import { ledgerClock, registerTrader, Trader } from './ledger-fixtures';

/** What the recordMovements tests share: a database, the API on the ledger's clock, and three traders. */
export interface MovementTestbed {
  db: TestDatabase;
  api: Awaited<ReturnType<typeof createTestApi>>;
  maker: Trader;
  buyer: Trader;
  other: Trader;
}

export async function openMovementTestbed(): Promise<MovementTestbed> {
  const db = await openTestDatabase();
  const api = await createTestApi(db, { clock: ledgerClock() });
  return { db, api, maker: await registerTrader(db, 1), buyer: await registerTrader(db, 2), other: await registerTrader(db, 3) };
}

export async function closeMovementTestbed({ db, api }: MovementTestbed): Promise<void> {
  await api.stop();
  await db.close();
}

export const RECORD_MOVEMENTS = `mutation($input: RecordMovementsInput!) {
  recordMovements(input: $input) {
    requestId replayed
    entries { seq prevHash hash canonical version chain direction reason warehouseCode productCode batch quantity unit counterpartyCode
              sourceHash inputs { product batch } corrects transportDoc occurredAt recordedAt requestId
              enterprise { creditCode } warehouse { code } product { traceCode } counterparty { creditCode } }
  }
}`;
