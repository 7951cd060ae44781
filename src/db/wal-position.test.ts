import { formatWalPosition, parseWalPosition, PrimaryProgress } from './wal-position';

describe('WAL positions', () => {
  it('orders pg_lsn text as the WAL does, and prints it back', () => {
    expect(parseWalPosition('1/0') > parseWalPosition('0/FFFFFFFF')).toBe(true);
    expect(formatWalPosition(parseWalPosition('16/b374d848'))).toBe('16/B374D848');
    expect(() => parseWalPosition("0/0' or 1=1")).toThrow();
  });

  it('measures lag from when the primary first wrote past the replayed position, zero when both are idle', () => {
    const progress = new PrimaryProgress(1000);
    progress.record(0, 100n);
    progress.record(50, 100n);
    expect(progress.lagMs(100n, 5000)).toBe(0);
    progress.record(100, 200n);
    progress.record(150, 300n);
    expect(progress.lagMs(100n, 400)).toBe(300);
    expect(progress.lagMs(250n, 400)).toBe(250);
    expect(progress.lagMs(300n, 400)).toBe(0);
  });

  it('never reads a replica behind its oldest kept sample as less behind than that', () => {
    const progress = new PrimaryProgress(1000);
    progress.record(0, 100n);
    progress.record(100_000, 200n);
    expect(progress.lagMs(50n, 100_000)).toBe(100_000);
  });
});
