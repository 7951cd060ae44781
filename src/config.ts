import path from 'node:path';
import type { ReplicaSettings } from './db/read-replicas';
import type { DocumentLimits } from './graphql/document-limits';

/** Every setting the server reads, with its default. README lists them. */
export interface Config {
  nodeEnv: string;
  production: boolean;
  /** DEBUG_ERRORS=true: internal errors' messages and stacks reach the caller (never set it where outsiders call). */
  debugErrors: boolean;
  /** PostgreSQL statement_timeout of the serving pool (0: none); jobs and migrations use a pool without it. */
  statementTimeoutMs: number;
  host: string;
  port: number;
  /** Unset: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * DATABASE_DIRECT_URL: PostgreSQL itself, when DATABASE_URL is a pooler in transaction mode (docs/scaling.md).
   * Migrations, jobs, the log's integrator and the session-level advisory locks use it; requests go through
   * DATABASE_URL without named prepared statements and without a statement_timeout startup parameter.
   */
  databaseDirectUrl: string | undefined;
  /** Streaming replicas that partner, trace, export, EPCIS and dashboard reads may use (src/db/read-replicas.ts). */
  replicas: ReplicaSettings;
  dataDir: string;
  embeddedPgPort: number;
  /** EMBEDDED_PG_RESTARTS: how many times the embedded PostgreSQL is started again after it dies (with backoff) before the server exits. */
  embeddedPgRestarts: number;
  /** SHUTDOWN_TIMEOUT_SECONDS: SIGTERM/SIGINT's bound; past it the server stops PostgreSQL as it can and exits 1. */
  shutdownTimeoutMs: number;
  jwtSecret: string | undefined;
  publicBaseUrl: string;
  logLevel: string;
  maxQueryDepth: number;
  maxQueryCost: number;
  /** Callers without a token get their own, lower cost budget. */
  anonymousMaxQueryCost: number;
  /**
   * Callers without a token: requests per minute and burst per address, and the largest body; how many
   * are handled at once and how many wait, and their share of wall time in flight (past any: RATE_LIMITED,
   * whatever the address), the database
   * connections they share and their statement timeout (docs/performance.md, phase H); sign-in, refresh and
   * logout at /graphql/session, and the log's routes (/checkpoint, /log/…, /tile/…: verifiers and witnesses), by
   * budgets of their own.
   */
  anonymous: { perMinute: number; burst: number; maxBytes: number; concurrency: number; queue: number; share: number; connections: number; statementTimeoutMs: number } & {
    session: { perMinute: number; burst: number; concurrency: number; queue: number };
    log: { perMinute: number; burst: number };
  };
  /** Size, tokens, fields and aliases of a GraphQL document, checked before it is parsed for execution. */
  documentLimits: DocumentLimits;
  /** Allowed clock skew for a movement's occurredAt, in milliseconds. */
  clockSkewMs: number;
  /**
   * ALLOW_LEVELLESS_REGULATOR_TOKENS: accept REGULATOR tokens naming no level (minted before levels
   * existed, bounded by no jurisdiction) until they expire; off by default, so they are refused.
   */
  levellessRegulatorTokens: boolean;
  /** DEPLOYMENT_DISTRICT: the district this deployment serves, a DISTRICT regulator's area (default 松江区). */
  district: string;
  /** RECEIPT_TOLERANCE: the share of a shipment that may be missing at a receipt by scan without RECEIPT_SHORTFALL (0.005 = 0.5 %). */
  receiptTolerance: number;
  /**
   * OVER_CAPACITY_TOLERANCE: how far over its capacity a warehouse may hold (KG and T products, in tonnes)
   * before an IN raises OVER_CAPACITY (0 = any excess; 0.05 = more than 105 % of capacityTonnes).
   */
  overCapacityTolerance: number;
  /**
   * Group commit of single submissions (docs/performance.md, "Group commit"): concurrent recordMovements calls
   * for distinct chains wait up to `windowMs` (GROUP_COMMIT_WINDOW_MS) while a group is being written, or until
   * `maxEntries` entries are waiting (GROUP_COMMIT_MAX_ENTRIES; a call of that many entries or more is appended
   * alone), and are appended in one transaction, each with its own outcome. GROUP_COMMIT=false appends every
   * call in its own transaction.
   */
  groupCommit: { enabled: boolean; windowMs: number; maxEntries: number };
  /**
   * PRECOMPILED_OPERATIONS: GraphQL operations run more than once are executed by code graphql-jit generates for
   * them (src/graphql/precompiled-operations.ts); false runs every operation on graphql-js.
   */
  precompiledOperations: boolean;
  /** Requests with a body over `minBytes` handled at once (the rest wait): bounds memory under bulk submissions. */
  largeRequests: { slots: number; minBytes: number };
  jobs: {
    enabled: boolean;
    schedules: Record<string, string>;
    /** Triggered supervision: a licensed enterprise holding stock with no movement for this many days is overdue. */
    overdueFilingDays: number;
  };
  webhookUrl: string | undefined;
  /** Webhook subscriptions (docs/feeds.md): deliver from this process (WEBHOOKS_DELIVER), how often to look (WEBHOOKS_INTERVAL_MS), and whether receivers may be private or loopback addresses (WEBHOOK_ALLOW_PRIVATE, for tests and local receivers); WEBHOOK_SECRET_KEY seals their signing secrets at rest (main.ts generates one outside production). */
  webhooks: { deliver: boolean; intervalMs: number; allowPrivate: boolean; secretKey: Buffer | undefined };
  /** LEDGER_FEED_SHARED_READ (default true): live ledger feeds share one reader per process; false makes each feed read the log on its own (the bench's baseline). */
  ledgerFeedSharedRead: boolean;
  /** Monitoring platforms allowed to post alarms: SHA-256 (hex) of each platform's key → its name. */
  monitoringPlatforms: Map<string, string>;
  /** The transparency log (docs/log.md). */
  log: {
    /** LOG_SIGNER_KEY: the note signer key; unset outside production, one is kept in DATA_DIR. */
    signerKey: string | undefined;
    /** The origin line of a generated key: LOG_ORIGIN, by default PUBLIC_BASE_URL's host and /ledger. */
    origin: string;
    /** Whether this process runs the log's integrator (LOG_INTEGRATE, by default as JOBS_ENABLED). */
    integrate: boolean;
    /** LOG_CHECKPOINT_MS (or the older LOG_CHECKPOINT_SECONDS): the shortest time between two checkpoints; a growing tree is signed this often. */
    checkpointMs: number;
    /** LOG_INTEGRATE_MS: how often the integrator looks for entries committed by other processes. */
    integrateMs: number;
    /** LOG_PASS_SPACING_MS: the shortest time between two integrator passes under a steady ingest (fewer, larger passes). */
    passSpacingMs: number;
    /** A witness that has not cosigned a newer checkpoint for this long raises a WARNING (LOG_WITNESS_STALE_SECONDS). */
    witnessStaleSeconds: number;
    /**
     * This server as a witness of other logs (the witness-cosign job): LOG_WITNESS_KEY, a cosignature
     * signer key (PRIVATE+KEY+…, type 0x04), and LOG_WITNESS_LOGS, comma-separated `<base url>|<log verifier key>`.
     */
    witness: { key: string | undefined; logs: { url: string; logKey: string }[] };
  };
  /** The built console served at `/` (web/dist). */
  consoleDir: string;
  /** Sign-in sessions (src/accounts). */
  accounts: {
    /** ACCESS_TOKEN_MINUTES: the life of an access token (default 15). */
    accessTokenSeconds: number;
    /** REFRESH_TOKEN_HOURS: the life of a refresh token, renewed by each refresh (default 12). */
    refreshTokenSeconds: number;
    /**
     * REFRESH_REUSE_GRACE_SECONDS: for this long after a refresh, its used token is taken again if the token it issued is
     * still unused (the answer was lost: a reload cut the request short); later, or once that one was used, a reuse ends the
     * family (default 10; 0: never).
     */
    reuseGraceSeconds: number;
    /** The refresh cookie is Secure everywhere but NODE_ENV=development. */
    secureCookies: boolean;
  };
  /**
   * TRUST_PROXY: whose X-Forwarded-For to believe for the client address (sign-in limits, API key ranges):
   * unset or false nobody (the socket's address), true every hop, a number of hops, or addresses/subnets
   * ("loopback, 10.0.0.0/8"), as Express's `trust proxy` reads it.
   */
  trustProxy: boolean | number | string;
  /** EXPORT_MAX_ROWS: the most rows one export (POST /export) holds; a larger one is refused before anything is sent. */
  exportMaxRows: number;
}

function trustProxy(raw: string | undefined): boolean | number | string {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** MONITORING_PLATFORM_KEYS="name:sha256hex,…": the platforms and the SHA-256 of their keys (the keys themselves are never configured). */
function monitoringPlatforms(raw: string | undefined): Map<string, string> {
  const platforms = new Map<string, string>();
  for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, hash] = part.split(':');
    if (!name || !/^[0-9a-f]{64}$/.test(hash ?? '')) throw new Error(`MONITORING_PLATFORM_KEYS: "${part}" is not name:<64 hex SHA-256 of the key>`);
    platforms.set(hash, name);
  }
  return platforms;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new Error(`${name} must be a fraction from 0 up to 1, got "${raw}"`);
  return value;
}

/** Cron schedules of the supervision jobs, each overridable by JOB_<NAME>_CRON. */
export const DEFAULT_JOB_SCHEDULES: Record<string, string> = {
  'expiry-reminders': '0 6 * * *',
  'risk-grading': '0 2 1 * *',
  'triggered-supervision': '30 6 * * *',
  'ledger-verification': '0 3 * * *',
  'monthly-publication': '0 8 25 * *',
  'major-hazard-identification': '15 * * * *',
  'outbox-delivery': '* * * * *',
  'assistance-reminders': '0 9 * * *',
  'witness-cosign': '* * * * *',
  'witness-staleness': '*/5 * * * *',
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const port = int(env, 'PORT', 4000);
  const schedules: Record<string, string> = {};
  for (const [name, cron] of Object.entries(DEFAULT_JOB_SCHEDULES)) {
    schedules[name] = env[`JOB_${name.toUpperCase().replace(/-/g, '_')}_CRON`] ?? cron;
  }
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    nodeEnv,
    production: nodeEnv === 'production',
    debugErrors: env.DEBUG_ERRORS === 'true',
    statementTimeoutMs: int(env, 'STATEMENT_TIMEOUT_SECONDS', 10) * 1000,
    host: env.HOST ?? '0.0.0.0',
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseDirectUrl: env.DATABASE_DIRECT_URL || undefined,
    replicas: {
      urls: replicaUrls(env.DATABASE_REPLICA_URLS),
      maxLagMs: int(env, 'REPLICA_MAX_LAG_MS', 2000),
      checkMs: Math.max(50, int(env, 'REPLICA_CHECK_MS', 500)),
      waitMs: int(env, 'REPLICA_WAIT_MS', 100),
    },
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329),
    embeddedPgRestarts: int(env, 'EMBEDDED_PG_RESTARTS', 5),
    shutdownTimeoutMs: Math.max(1, int(env, 'SHUTDOWN_TIMEOUT_SECONDS', 30)) * 1000,
    jwtSecret: env.JWT_SECRET || undefined,
    publicBaseUrl,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', 12),
    maxQueryCost: int(env, 'MAX_QUERY_COST', 20000),
    anonymousMaxQueryCost: int(env, 'ANONYMOUS_MAX_QUERY_COST', 2000),
    anonymous: {
      perMinute: Math.max(1, int(env, 'ANONYMOUS_RATE_PER_MINUTE', 120)),
      burst: Math.max(1, int(env, 'ANONYMOUS_RATE_BURST', 30)),
      maxBytes: int(env, 'ANONYMOUS_MAX_BODY_BYTES', 65_536),
      concurrency: Math.max(1, int(env, 'ANONYMOUS_CONCURRENCY', 2)),
      queue: int(env, 'ANONYMOUS_QUEUE', 8),
      share: fraction(env, 'ANONYMOUS_TIME_SHARE', 0.2),
      connections: Math.max(1, int(env, 'ANONYMOUS_DB_CONNECTIONS', 2)),
      statementTimeoutMs: int(env, 'ANONYMOUS_STATEMENT_TIMEOUT_SECONDS', 2) * 1000,
      session: { perMinute: Math.max(1, int(env, 'ANONYMOUS_SESSION_RATE_PER_MINUTE', 60)), burst: Math.max(1, int(env, 'ANONYMOUS_SESSION_RATE_BURST', 20)), concurrency: Math.max(1, int(env, 'ANONYMOUS_SESSION_CONCURRENCY', 2)), queue: int(env, 'ANONYMOUS_SESSION_QUEUE', 32) },
      log: { perMinute: Math.max(1, int(env, 'ANONYMOUS_LOG_RATE_PER_MINUTE', 3000)), burst: Math.max(1, int(env, 'ANONYMOUS_LOG_RATE_BURST', 1000)) },
    },
    documentLimits: {
      maxChars: int(env, 'MAX_QUERY_CHARS', 20_000),
      maxTokens: int(env, 'MAX_QUERY_TOKENS', 5_000),
      maxFields: int(env, 'MAX_QUERY_FIELDS', 1_000),
      maxAliases: int(env, 'MAX_QUERY_ALIASES', 50),
    },
    clockSkewMs: int(env, 'CLOCK_SKEW_SECONDS', 300) * 1000,
    levellessRegulatorTokens: env.ALLOW_LEVELLESS_REGULATOR_TOKENS === 'true',
    district: districtName(env.DEPLOYMENT_DISTRICT),
    receiptTolerance: fraction(env, 'RECEIPT_TOLERANCE', 0.005),
    overCapacityTolerance: fraction(env, 'OVER_CAPACITY_TOLERANCE', 0),
    precompiledOperations: env.PRECOMPILED_OPERATIONS !== 'false',
    groupCommit: { enabled: env.GROUP_COMMIT !== 'false', windowMs: int(env, 'GROUP_COMMIT_WINDOW_MS', 2), maxEntries: Math.max(2, int(env, 'GROUP_COMMIT_MAX_ENTRIES', 64)) },
    largeRequests: { slots: Math.max(1, int(env, 'LARGE_REQUEST_SLOTS', 4)), minBytes: int(env, 'LARGE_REQUEST_BYTES', 65_536) },
    jobs: { enabled: env.JOBS_ENABLED !== 'false', schedules, overdueFilingDays: int(env, 'OVERDUE_FILING_DAYS', 30) },
    webhookUrl: env.WEBHOOK_URL || undefined,
    webhooks: { deliver: env.WEBHOOKS_DELIVER !== 'false', intervalMs: Math.max(50, int(env, 'WEBHOOKS_INTERVAL_MS', 500)), allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'true', secretKey: webhookSecretKey(env.WEBHOOK_SECRET_KEY) },
    ledgerFeedSharedRead: env.LEDGER_FEED_SHARED_READ !== 'false',
    monitoringPlatforms: monitoringPlatforms(env.MONITORING_PLATFORM_KEYS),
    log: {
      signerKey: env.LOG_SIGNER_KEY || undefined,
      origin: env.LOG_ORIGIN || `${new URL(publicBaseUrl).host}/ledger`,
      integrate: env.LOG_INTEGRATE === undefined ? env.JOBS_ENABLED !== 'false' : env.LOG_INTEGRATE !== 'false',
      // LOG_CHECKPOINT_SECONDS, its name before checkpoints followed the ingest, still counts where LOG_CHECKPOINT_MS is unset.
      checkpointMs: Math.max(100, int(env, 'LOG_CHECKPOINT_MS', int(env, 'LOG_CHECKPOINT_SECONDS', 1) * 1000)),
      integrateMs: Math.max(10, int(env, 'LOG_INTEGRATE_MS', 200)),
      passSpacingMs: Math.max(0, int(env, 'LOG_PASS_SPACING_MS', 1000)),
      witnessStaleSeconds: Math.max(1, int(env, 'LOG_WITNESS_STALE_SECONDS', 3600)),
      witness: { key: env.LOG_WITNESS_KEY || undefined, logs: witnessedLogs(env.LOG_WITNESS_LOGS) },
    },
    consoleDir: path.resolve(env.CONSOLE_DIR ?? 'web/dist'),
    accounts: {
      accessTokenSeconds: Math.max(1, int(env, 'ACCESS_TOKEN_MINUTES', 15)) * 60,
      refreshTokenSeconds: Math.max(1, int(env, 'REFRESH_TOKEN_HOURS', 12)) * 3600,
      reuseGraceSeconds: Math.max(0, int(env, 'REFRESH_REUSE_GRACE_SECONDS', 10)),
      secureCookies: nodeEnv !== 'development',
    },
    trustProxy: trustProxy(env.TRUST_PROXY),
    exportMaxRows: Math.max(1, int(env, 'EXPORT_MAX_ROWS', 100_000)),
  };
}

/** DEPLOYMENT_DISTRICT: a name as people read it (松江区), trimmed; unset or empty, 松江区. */
function districtName(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '松江区';
  const name = raw.trim();
  if (name === '' || name.length > 50 || /[\p{Cc}\p{Cf}]/u.test(name)) throw new Error(`DEPLOYMENT_DISTRICT must be a district's name of at most 50 characters, got "${raw}"`);
  return name;
}

/** WEBHOOK_SECRET_KEY: 32 random bytes, base64 (`openssl rand -base64 32`). */
function webhookSecretKey(value: string | undefined): Buffer | undefined {
  if (!value) return undefined;
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32 || key.toString('base64') !== value) throw new Error('WEBHOOK_SECRET_KEY must be 32 bytes, base64 (openssl rand -base64 32)');
  return key;
}

/** DATABASE_REPLICA_URLS: comma-separated postgres:// URLs of streaming replicas of DATABASE_URL's server. */
function replicaUrls(value: string | undefined): string[] {
  return (value ?? '').split(',').map((u) => u.trim()).filter(Boolean).map((url) => {
    if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new Error(`DATABASE_REPLICA_URLS: "${url}" is not a postgres:// URL`);
    return url;
  });
}

/** LOG_WITNESS_LOGS: `<base url>|<log verifier key>`, comma-separated; the key is pinned, never learnt from the log. */
function witnessedLogs(value: string | undefined): { url: string; logKey: string }[] {
  if (!value) return [];
  return value.split(',').map((item) => {
    const [url, logKey, extra] = item.trim().split('|');
    if (!url || !logKey || extra !== undefined) throw new Error(`LOG_WITNESS_LOGS: "${item}" is not <base url>|<log verifier key>`);
    return { url, logKey };
  });
}
