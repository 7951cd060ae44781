import path from 'node:path';
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
  dataDir: string;
  embeddedPgPort: number;
  jwtSecret: string | undefined;
  publicBaseUrl: string;
  logLevel: string;
  maxQueryDepth: number;
  maxQueryCost: number;
  /** Callers without a token get their own, lower cost budget. */
  anonymousMaxQueryCost: number;
  /** Callers without a token: requests per minute and burst per address, and the largest body. */
  anonymous: { perMinute: number; burst: number; maxBytes: number };
  /** Size, tokens, fields and aliases of a GraphQL document, checked before it is parsed for execution. */
  documentLimits: DocumentLimits;
  /** Allowed clock skew for a movement's occurredAt, in milliseconds. */
  clockSkewMs: number;
  /** RECEIPT_TOLERANCE: the share of a shipment that may be missing at a receipt by scan without RECEIPT_SHORTFALL (0.005 = 0.5 %). */
  receiptTolerance: number;
  /** Requests with a body over `minBytes` handled at once (the rest wait): bounds memory under bulk submissions. */
  largeRequests: { slots: number; minBytes: number };
  jobs: {
    enabled: boolean;
    schedules: Record<string, string>;
    /** Triggered supervision: a licensed enterprise holding stock with no movement for this many days is overdue. */
    overdueFilingDays: number;
  };
  webhookUrl: string | undefined;
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
    /** A new checkpoint at least this often while the tree grows. */
    checkpointSeconds: number;
    /** How often the integrator looks for newly committed entries. */
    integrateMs: number;
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
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329),
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
    },
    documentLimits: {
      maxChars: int(env, 'MAX_QUERY_CHARS', 20_000),
      maxTokens: int(env, 'MAX_QUERY_TOKENS', 5_000),
      maxFields: int(env, 'MAX_QUERY_FIELDS', 1_000),
      maxAliases: int(env, 'MAX_QUERY_ALIASES', 50),
    },
    clockSkewMs: int(env, 'CLOCK_SKEW_SECONDS', 300) * 1000,
    receiptTolerance: fraction(env, 'RECEIPT_TOLERANCE', 0.005),
    largeRequests: { slots: Math.max(1, int(env, 'LARGE_REQUEST_SLOTS', 4)), minBytes: int(env, 'LARGE_REQUEST_BYTES', 65_536) },
    jobs: { enabled: env.JOBS_ENABLED !== 'false', schedules, overdueFilingDays: int(env, 'OVERDUE_FILING_DAYS', 30) },
    webhookUrl: env.WEBHOOK_URL || undefined,
    monitoringPlatforms: monitoringPlatforms(env.MONITORING_PLATFORM_KEYS),
    log: {
      signerKey: env.LOG_SIGNER_KEY || undefined,
      origin: env.LOG_ORIGIN || `${new URL(publicBaseUrl).host}/ledger`,
      integrate: env.LOG_INTEGRATE === undefined ? env.JOBS_ENABLED !== 'false' : env.LOG_INTEGRATE !== 'false',
      checkpointSeconds: Math.max(1, int(env, 'LOG_CHECKPOINT_SECONDS', 10)),
      integrateMs: Math.max(10, int(env, 'LOG_INTEGRATE_MS', 200)),
      witnessStaleSeconds: Math.max(1, int(env, 'LOG_WITNESS_STALE_SECONDS', 3600)),
      witness: { key: env.LOG_WITNESS_KEY || undefined, logs: witnessedLogs(env.LOG_WITNESS_LOGS) },
    },
    consoleDir: path.resolve(env.CONSOLE_DIR ?? 'web/dist'),
    accounts: {
      accessTokenSeconds: Math.max(1, int(env, 'ACCESS_TOKEN_MINUTES', 15)) * 60,
      refreshTokenSeconds: Math.max(1, int(env, 'REFRESH_TOKEN_HOURS', 12)) * 3600,
      secureCookies: nodeEnv !== 'development',
    },
    trustProxy: trustProxy(env.TRUST_PROXY),
    exportMaxRows: Math.max(1, int(env, 'EXPORT_MAX_ROWS', 100_000)),
  };
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
