/** A WAL position as PostgreSQL prints a pg_lsn: two hexadecimal halves, e.g. `16/B374D848`. */
export const WAL_POSITION = /^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/;

/** A pg_lsn's text as a number that orders as the WAL does. */
export function parseWalPosition(text: string): bigint {
  if (!WAL_POSITION.test(text)) throw new Error(`not a WAL position: "${text}"`);
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

export function formatWalPosition(position: bigint): string {
  return `${(position >> 32n).toString(16).toUpperCase()}/${(position & 0xffffffffn).toString(16).toUpperCase()}`;
}

/**
 * The primary's WAL position over time, sampled by the replicas' health check. A replica's lag is
 * how long ago the primary first wrote past what the replica has replayed: zero while both are
 * idle at the same position (unlike now() - pg_last_xact_replay_timestamp(), which grows on an idle
 * primary). Samples older than `keepMs` are dropped, so a replica further behind than that reads
 * as at least `keepMs` behind; keep it above the largest lag that matters.
 */
export class PrimaryProgress {
  private samples: { at: number; position: bigint }[] = [];

  constructor(private readonly keepMs: number) {}

  record(at: number, position: bigint): void {
    const last = this.samples[this.samples.length - 1];
    if (!last || position > last.position) this.samples.push({ at, position });
    while (this.samples.length > 1 && this.samples[1].at <= at - this.keepMs) this.samples.shift();
  }

  /** Milliseconds, at `now`, that a replica which has replayed up to `replayed` is behind. */
  lagMs(replayed: bigint, now: number): number {
    const first = this.samples.find((s) => s.position > replayed);
    return first ? Math.max(0, now - first.at) : 0;
  }
}
