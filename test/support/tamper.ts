import { jcs } from '../../src/proof/jcs';
import { sha256Hex } from '../../src/proof/sha256';
import { TestDatabase } from './database';
import { superuser } from './ledger-fixtures';

/**
 * The attacks of issue #11, as a superuser would make them: triggers
 * disabled, every constraint left satisfied (the canonical-agreement CHECK
 * included), so that the chain alone still looks sound.
 */

/**
 * Rewrites a chain's tail consistently: entry `fromSeq` gets `quantity` (as canonical writes it, "999.000")
 * (column and canonical), its hash is recomputed, every later entry's
 * prevHash and hash follow, and the head moves to the new last hash. Balances,
 * shipments, requests and the log are left as they were.
 */
export async function rewriteTail(db: TestDatabase, chain: string, fromSeq: number, quantity: string): Promise<void> {
  await superuser(db, async (c) => {
    await c.query('begin');
    await c.query('alter table ledger_entry disable trigger user');
    const { rows } = await c.query<{ id: string; seq: number; canonical: string }>(`select id, seq, canonical from ledger_entry where chain = $1 and seq >= $2 order by seq`, [chain, fromSeq]);
    const [{ prev }] = (await c.query(`select coalesce((select hash from ledger_entry where chain = $1 and seq = $2), repeat('0', 64)) as prev`, [chain, fromSeq - 1])).rows;
    let prevHash: string = prev;
    for (const row of rows) {
      const entry = JSON.parse(row.canonical);
      entry.prevHash = prevHash;
      if (row.seq === fromSeq) entry.quantity = quantity;
      const canonical = jcs(entry);
      prevHash = sha256Hex(canonical);
      await c.query(`update ledger_entry set canonical = $2, hash = $3, prev_hash = $4, quantity = $5 where id = $1`, [row.id, canonical, prevHash, entry.prevHash, entry.quantity]);
    }
    await c.query(`update ledger_chain set last_hash = $2 where chain = $1`, [chain, prevHash]);
    await c.query('alter table ledger_entry enable trigger user');
    await c.query('commit');
  });
}

/** Deletes a chain's last entry and moves its head back onto the one before: the chain stays a sound, shorter chain. */
export async function dropLastEntry(db: TestDatabase, chain: string): Promise<void> {
  await superuser(db, async (c) => {
    await c.query('begin');
    await c.query('alter table ledger_entry disable trigger user');
    await c.query(`delete from ledger_entry where chain = $1 and seq = (select last_seq from ledger_chain where chain = $1)`, [chain]);
    await c.query(
      `update ledger_chain set last_seq = last_seq - 1, last_hash = coalesce((select hash from ledger_entry where chain = $1 and seq = last_seq - 1), repeat('0', 64)) where chain = $1`,
      [chain],
    );
    await c.query('alter table ledger_entry enable trigger user');
    await c.query('commit');
  });
}

/**
 * Covers the tracks in the log too: empties its tables (triggers disabled) so
 * that the integrator logs the entries as they now are and signs fresh
 * checkpoints with the server's key. Only the witnesses' copies remain.
 */
export async function rebuildLog(db: TestDatabase): Promise<void> {
  await superuser(db, async (c) => {
    await c.query('begin');
    for (const table of ['log_leaf', 'log_tile', 'log_checkpoint', 'log_cosignature']) {
      await c.query(`alter table ${table} disable trigger user`);
      await c.query(`delete from ${table}`);
      await c.query(`alter table ${table} enable trigger user`);
    }
    await c.query('commit');
  });
}
