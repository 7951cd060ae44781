/** Who calls and what that costs: A, authentication; H, normal clients under an anonymous hostile mix. */
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { benchAuthentication } from '../auth';
import { benchHostile } from '../hostile';
import { Bench, log, logWithLoad, machineLoad } from './context';
import { Ingest } from './ingest';

/** A. What authentication costs: no token vs an access token vs an API key, Argon2id and logins. */
export async function authentication(bench: Bench): Promise<void> {
  log(`phase A: cheap query with no token, an access token, an API key; Argon2id verification (load ${machineLoad()})`);
  const adminToken = await mintToken(bench.jwtSecret, { role: Role.ADMIN, subject: 'bench-admin', expiresInSeconds: 86_400 });
  const auth = await benchAuthentication(bench.server.url, adminToken, bench.enterprises[0].code);
  bench.rows.push(...auth.rows);
  bench.results.authentication = auth.result;
  log(`phase A done: ${auth.rows[0].measured} calls/s with a key, ${auth.rows[0].baseline} with an access token, ${auth.rows[1].baseline} with none`);
}

/** H. Normal clients alone and under an anonymous hostile mix (issue 10), on a server of its own. */
export async function hostileMix(bench: Bench, ingest: Ingest): Promise<void> {
  const full = bench.options.size === 'full';
  log(`phase H: normal clients alone and with an anonymous hostile mix, alternating rounds (load ${machineLoad()})`);
  const hostile = await benchHostile({
    databaseUrl: bench.databaseUrl,
    jwtSecret: bench.jwtSecret,
    enterprises: bench.enterprises,
    tokens: bench.tokens,
    regulator: bench.regulator,
    traceTargets: ingest.workload.traceTargets,
    enterpriseClients: 8,
    regulatorClients: 2,
    // BENCH_HOSTILE_SERVER_ENV="ANONYMOUS_CONCURRENCY=1000 ANONYMOUS_DB_CONNECTIONS=10": the phase's server without a protection, to see what it buys.
    serverEnv: Object.fromEntries((process.env.BENCH_HOSTILE_SERVER_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=', 2) as [string, string])),
    hostileRate: 50,
    hostileClients: 64,
    addresses: 4096,
    rounds: full ? 4 : 3,
    roundSeconds: full ? 20 : 10,
    log: logWithLoad,
  });
  bench.rows.push(...hostile.rows);
  bench.results.hostile = hostile.result;
}
