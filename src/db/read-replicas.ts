import { EntityManager, MikroORM, Options } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { ormConfig } from './orm-config';
import { formatWalPosition, parseWalPosition, PrimaryProgress } from './wal-position';

export interface ReplicaSettings {
  /** DATABASE_REPLICA_URLS: streaming replicas of the primary, in order (`replica:1`, `replica:2`, …). */
  urls: string[];
  /** REPLICA_MAX_LAG_MS: a replica further behind than this is out of rotation until it catches up. */
  maxLagMs: number;
  /** REPLICA_CHECK_MS: how often each replica's replay position is read. */
  checkMs: number;
  /** REPLICA_WAIT_MS: how long a read that must see its caller's last write waits for a replica before going to the primary. */
  waitMs: number;
}

/** Where one request reads: a fork of the primary's or of a replica's EntityManager, and its name for `extensions.readFrom`. */
export interface ReadTarget {
  em: EntityManager;
  readFrom: string;
}

export interface ReplicaStatus {
  name: string;
  inRotation: boolean;
  /** Null while unreachable. */
  lagMs: number | null;
  replayed: string | null;
}

interface Replica {
  name: string;
  url: string;
  orm: MikroORM;
  inRotation: boolean;
  lagMs: number | null;
  replayed: bigint | null;
  checker?: Client;
}

/** A caller's last write is remembered this long past the lag limit: by then any replica in rotation has replayed it. */
const REPLAY_MARGIN_CHECKS = 2;
const WAIT_POLL_MS = 5;
/** How long a check waits for a replica to connect or answer before it counts as unreachable. */
const CHECK_TIMEOUT_MS = 2000;
const REPLAY_SQL = `select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed`;

/**
 * The read side of the primary and its streaming replicas. A health loop reads every replica's replay
 * position (pg_last_wal_replay_lsn) against the primary's (pg_current_wal_lsn): a replica unreachable,
 * not in recovery, or more than maxLagMs behind is out of rotation, and back once caught up. A read
 * goes to a replica in rotation that has replayed past its caller's last commit (recorded by `wrote`,
 * or told by the caller), waiting up to waitMs for one; otherwise to the primary. Writes never come here.
 */
export class ReadReplicas {
  private readonly lastWrites = new Map<string, { position: bigint; at: number }>();
  private readonly progress: PrimaryProgress;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private turn = 0;

  private constructor(
    private readonly primary: MikroORM,
    private readonly replicas: Replica[],
    private readonly settings: ReplicaSettings,
    private readonly logger: Logger,
  ) {
    this.progress = new PrimaryProgress(2 * settings.maxLagMs + REPLAY_MARGIN_CHECKS * settings.checkMs);
  }

  /** Replicas get the primary's entities and request settings; they connect on first use, so one down at start delays nothing. */
  static async open(primary: MikroORM, settings: ReplicaSettings, entities: NonNullable<Options['entities']>, overrides: Partial<Options>, logger: Logger): Promise<ReadReplicas> {
    const replicas = await Promise.all(
      settings.urls.map(async (url, i) => ({
        name: `replica:${i + 1}`,
        url,
        orm: await MikroORM.init(ormConfig(url, entities, { ...overrides, connect: false }, { logger })),
        inRotation: false,
        lagMs: null,
        replayed: null,
      })),
    );
    return new ReadReplicas(primary, replicas, settings, logger);
  }

  /** The primary alone: every read there (no DATABASE_REPLICA_URLS). */
  static primaryOnly(primary: MikroORM, logger: Logger): ReadReplicas {
    return new ReadReplicas(primary, [], { urls: [], maxLagMs: 0, checkMs: 1000, waitMs: 0 }, logger);
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  /** Checks at once, then every checkMs until stop(). */
  async start(): Promise<void> {
    if (!this.configured) return;
    const loop = async () => {
      this.running = this.check().catch((error) => this.logger.warn({ err: error }, 'replica health check failed'));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, this.settings.checkMs);
    };
    await loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await Promise.all(this.replicas.map(async (r) => {
      await r.checker?.end().catch(() => undefined);
      await r.orm.close(true);
    }));
  }

  /** One health round: the primary's position, then every replica's. */
  async check(now = Date.now()): Promise<void> {
    this.progress.record(now, await this.primaryPosition());
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica, now)));
    const forgetBefore = now - this.settings.maxLagMs - REPLAY_MARGIN_CHECKS * this.settings.checkMs;
    for (const [caller, write] of this.lastWrites) if (write.at < forgetBefore) this.lastWrites.delete(caller);
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({ name: r.name, inRotation: r.inRotation, lagMs: r.lagMs, replayed: r.replayed === null ? null : formatWalPosition(r.replayed) }));
  }

  primaryTarget(): ReadTarget {
    return { em: this.primary.em.fork(), readFrom: 'primary' };
  }

  /**
   * Where a read by `caller` may go: a replica in rotation that has replayed past the caller's last
   * write here and past `after` (a position the caller was given by any process), else the primary.
   */
  async readTarget(caller: string | null, after?: bigint): Promise<ReadTarget> {
    const inRotation = this.replicas.filter((r) => r.inRotation);
    if (inRotation.length === 0) return this.primaryTarget();
    const own = caller === null ? undefined : this.lastWrites.get(caller)?.position;
    const needed = [own, after].reduce<bigint>((max, p) => (p !== undefined && p > max ? p : max), 0n);
    this.turn = (this.turn + 1) % inRotation.length;
    const ordered = [...inRotation.slice(this.turn), ...inRotation.slice(0, this.turn)];
    const ready = ordered.find((r) => r.replayed !== null && r.replayed >= needed);
    if (ready) return { em: ready.orm.em.fork(), readFrom: ready.name };
    const closest = ordered.reduce((a, b) => ((b.replayed ?? 0n) > (a.replayed ?? 0n) ? b : a));
    if (await this.waitForReplay(closest, needed)) return { em: closest.orm.em.fork(), readFrom: closest.name };
    return this.primaryTarget();
  }

  /** After a write by `caller`: its commit is at or before the primary's position now; that position, as PostgreSQL prints it. */
  async wrote(caller: string): Promise<string> {
    const position = await this.primaryPosition();
    this.lastWrites.delete(caller);
    this.lastWrites.set(caller, { position, at: Date.now() });
    return formatWalPosition(position);
  }

  /** A request on `readFrom` found it unreachable: out of rotation now, not at the next check. */
  unreachable(readFrom: string): void {
    const replica = this.replicas.find((r) => r.name === readFrom);
    if (replica) this.setRotation(replica, false, null, 'unreachable');
  }

  private async primaryPosition(): Promise<bigint> {
    const [row] = await this.primary.em.getConnection().execute<{ position: string }[]>(`select pg_current_wal_lsn()::text as position`);
    return parseWalPosition(row.position);
  }

  private async checkReplica(replica: Replica, now: number): Promise<void> {
    try {
      const client = await this.checkClient(replica);
      const { rows } = await client.query<{ standby: boolean; replayed: string | null }>(REPLAY_SQL);
      const { standby, replayed } = rows[0];
      if (!standby || replayed === null) return this.setRotation(replica, false, null, 'not a standby');
      replica.replayed = parseWalPosition(replayed);
      const lagMs = this.progress.lagMs(replica.replayed, now);
      this.setRotation(replica, lagMs <= this.settings.maxLagMs, lagMs, `${lagMs} ms behind`);
    } catch (error) {
      replica.checker?.end().catch(() => undefined);
      replica.checker = undefined;
      this.setRotation(replica, false, null, `unreachable: ${(error as Error).message}`);
    }
  }

  /**
   * One connection per replica for its checks, kept between rounds (a new backend every round would
   * load the replica, and a slow fork under load would read as unreachable); made anew after a failure.
   */
  private async checkClient(replica: Replica): Promise<Client> {
    if (replica.checker) return replica.checker;
    const timeout = Math.max(CHECK_TIMEOUT_MS, this.settings.checkMs);
    const client = new Client({ connectionString: replica.url, connectionTimeoutMillis: timeout, query_timeout: timeout, application_name: 'hazchem-ledger replica check' });
    // A dropped connection fails the next round's query, which replaces it.
    client.on('error', () => undefined);
    await client.connect();
    replica.checker = client;
    return client;
  }

  private setRotation(replica: Replica, inRotation: boolean, lagMs: number | null, reason: string): void {
    replica.lagMs = lagMs;
    if (replica.inRotation === inRotation) return;
    replica.inRotation = inRotation;
    if (inRotation) this.logger.info({ replica: replica.name, lagMs }, 'replica back in rotation');
    else this.logger.warn({ replica: replica.name, reason }, 'replica out of rotation: its reads go to the primary');
  }

  /** Polls `replica` until it has replayed `needed`, for at most waitMs. */
  private async waitForReplay(replica: Replica, needed: bigint): Promise<boolean> {
    const deadline = Date.now() + this.settings.waitMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      try {
        const [row] = await replica.orm.em.getConnection().execute<{ replayed: string | null }[]>(`select pg_last_wal_replay_lsn()::text as replayed`);
        if (row.replayed === null) return false;
        replica.replayed = parseWalPosition(row.replayed);
        if (replica.replayed >= needed) return true;
      } catch {
        return false;
      }
    }
    return false;
  }
}
