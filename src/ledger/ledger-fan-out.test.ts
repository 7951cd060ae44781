import pino from 'pino';
import { FanOutSource, LedgerFanOut, SharedEntry } from './ledger-fan-out';

/** A log in memory: positions 0..n-1, each read counted. */
function memoryLog() {
  const log: SharedEntry<string>[] = [];
  const reads: bigint[] = [];
  const source: FanOutSource<string> = {
    tip: async () => BigInt(log.length - 1),
    range: async (after, limit) => {
      reads.push(after);
      return log.filter((e) => e.position > after).slice(0, limit);
    },
  };
  const append = (n: number) => {
    for (let i = 0; i < n; i++) log.push({ position: BigInt(log.length), facts: {}, item: `e${log.length}` });
  };
  return { source, append, reads };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('LedgerFanOut', () => {
  it('starts at the tip, reads each range once, keeps the newest `capacity` and sends one behind them to the database', async () => {
    const { source, append, reads } = memoryLog();
    append(10);
    const fanOut = new LedgerFanOut(source, pino({ level: 'silent' }), { intervalMs: 5, capacity: 4, batch: 3 });
    const leave = fanOut.join();
    expect(fanOut.after(9n, 10)).toBeNull(); // not started: nothing held
    await settle();
    expect(fanOut.after(9n, 10)).toEqual({ entries: [], scannedTo: 9n, more: false });
    expect(fanOut.after(5n, 10)).toBeNull(); // before the tip it started at
    const woken = fanOut.waitBeyond(9n, 5_000);
    const readsBefore = reads.length;
    append(5); // 10..14: read in batches of 3, the newest 4 kept
    await woken;
    await settle();
    expect(fanOut.after(10n, 10)).toEqual({ entries: ['e11', 'e12', 'e13', 'e14'].map((item, k) => ({ position: BigInt(11 + k), facts: {}, item })), scannedTo: 14n, more: false });
    expect(fanOut.after(9n, 10)).toBeNull(); // 10 has been let go
    expect(fanOut.after(11n, 2)).toEqual({ entries: expect.any(Array), scannedTo: 13n, more: true });
    expect(fanOut.after(20n, 10)).toEqual({ entries: [], scannedTo: 20n, more: false }); // a feed that read ahead on its own
    const progressing = reads.slice(readsBefore).filter((r) => r < 14n); // every read until caught up began where the last ended
    expect(progressing).toEqual([9n, 12n]);
    leave();
    fanOut.stop();
  });

  it('stops reading when nobody listens and starts again from the tip', async () => {
    const { source, append, reads } = memoryLog();
    append(3);
    const fanOut = new LedgerFanOut(source, pino({ level: 'silent' }), { intervalMs: 5, capacity: 100, batch: 10 });
    const leave = fanOut.join();
    await settle();
    leave();
    const before = reads.length;
    await settle();
    expect(reads.length).toBe(before);
    append(3);
    expect(fanOut.after(2n, 10)).toBeNull(); // let go of
    const again = fanOut.join();
    await settle();
    expect(fanOut.after(5n, 10)).toEqual({ entries: [], scannedTo: 5n, more: false });
    again();
    fanOut.stop();
  });
});
