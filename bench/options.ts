/** The bench's command line: `npm run bench -- --size smoke|full [--phases R,3] …`, and `--help`. */

export interface Options {
  size: string;
  entries: number;
  enterprises: number;
  rounds: number;
  batch: number;
  concurrency: number;
  singleClients: number;
  singleCalls: number;
  traces: number;
  verifyChains: number;
  keep: boolean;
  out: string | null;
  /** Entries written straight into the tables before phase 1 (bench/bulk-ledger.ts): the log's figures at a size the API would take hours to reach. */
  bulk: number;
  /** `--replica`: one streaming replica attached through phase 1's ingest, its lag printed (bench/replica-lag.ts). */
  replica: boolean;
  /** The phases to run (`--phases R,3`), all when absent; the ingest of phase 1 always runs, as every other phase reads its ledger. */
  phases: Set<string> | null;
}

const SIZES: Record<string, Omit<Options, 'size' | 'keep' | 'out' | 'phases' | 'bulk' | 'replica'>> = {
  smoke: { entries: 36_000, enterprises: 60, rounds: 12, batch: 1000, concurrency: 8, singleClients: 32, singleCalls: 10, traces: 300, verifyChains: 10 },
  full: { entries: 1_000_000, enterprises: 1000, rounds: 20, batch: 1000, concurrency: 8, singleClients: 32, singleCalls: 150, traces: 300, verifyChains: 100 },
};

/** Every phase, in the order a run takes them (bench/run.ts). */
export const PHASES: readonly [string, string][] = [
  ['1', 'batched ingest through recordMovements vs raw multi-row INSERT (the ingest itself always runs)'],
  ['7', 'transparency log: 7a checkpoint lag, 7b entry proofs, 7c the integrator alone, 7d ingest with and without it (7a, 7b or 7c with 7d alone)'],
  ['2', 'single-entry calls vs raw single-row INSERTs'],
  ['G', 'group commit on vs off'],
  ['S', 'receipt by scan vs typed receipt; label sheets'],
  ['3', 'traceBatch UPSTREAM 10 hops'],
  ['4', 'verifyChain vs raw SHA-256'],
  ['6', 'EPCIS query vs GraphQL movements'],
  ['A', 'authentication cost: no token, access token, API key; Argon2id'],
  ['R', 'nested reads vs PostGraphile (BENCH_R_BEFORE_MAIN: another build in the same rounds)'],
  ['H', 'normal clients alone and under a hostile mix'],
  ['X', 'scale-out: partner reads with 1 and 2 API processes and 0, 1, 2 replicas; writes direct vs through PgBouncer; ingest with a replica attached, its lag'],
  ['F', 'live feeds: subscription fan-out; webhooks with 1 and 2 processes'],
  ['P', 'partner feeds: audited subscription fan-out (BENCH_P_BEFORE_MAIN: another build first)'],
];

export const USAGE = `npm run bench -- [options]
  --size smoke|full      preset sizes (default smoke): ${Object.entries(SIZES).map(([name, s]) => `${name} ${s.entries.toLocaleString('en-US')} entries`).join(', ')}
  --entries N --enterprises M --rounds N --batch N --concurrency N
  --single-clients N --single-calls N --traces N --verify-chains N
  --bulk N               entries written in SQL before phase 1
  --replica              a streaming replica attached through phase 1's ingest: its lag
  --phases P,Q           only these phases (default all):
${PHASES.map(([id, what]) => `                           ${id}  ${what}`).join('\n')}
  --out FILE             the results as JSON
  --keep                 keep the scratch database
  --help                 this text
Environment: BENCH_LOG_SLOW_MS, BENCH_SERVER_NODE_OPTIONS, BENCH_HOSTILE_SERVER_ENV, BENCH_R_BEFORE_MAIN, BENCH_P_BEFORE_MAIN, BENCH_P_SUBSCRIBERS, BENCH_P_ENTRIES.`;

/** The options, or null for --help. */
export function parseOptions(argv: string[]): Options | null {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`bench: unexpected argument ${a}`);
    const [name, inline] = a.slice(2).split('=', 2);
    if (name === 'keep' || name === 'help' || name === 'replica') args.set(name, 'true');
    else args.set(name, inline ?? argv[++i]);
  }
  if (args.has('help')) return null;
  const size = args.get('size') ?? 'smoke';
  const base = SIZES[size];
  if (!base) throw new Error(`bench: --size is smoke or full, not ${size}`);
  const num = (name: string, fallback: number) => {
    const raw = args.get(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`bench: --${name} must be a positive integer`);
    return n;
  };
  const options: Options = {
    size: args.has('entries') || args.has('enterprises') ? 'custom' : size,
    entries: num('entries', base.entries),
    enterprises: num('enterprises', base.enterprises),
    rounds: num('rounds', base.rounds),
    batch: num('batch', base.batch),
    concurrency: num('concurrency', base.concurrency),
    singleClients: num('singleClients', base.singleClients),
    singleCalls: num('singleCalls', base.singleCalls),
    traces: num('traces', base.traces),
    verifyChains: num('verifyChains', base.verifyChains),
    keep: args.has('keep'),
    replica: args.has('replica'),
    out: args.get('out') ?? null,
    bulk: args.has('bulk') ? num('bulk', 0) : 0,
    phases: args.has('phases') ? new Set(args.get('phases')!.split(',').map((p) => p.trim().toUpperCase())) : null,
  };
  if (options.singleClients > options.enterprises) throw new Error('bench: more single-entry clients than enterprises');
  return options;
}
