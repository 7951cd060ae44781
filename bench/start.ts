/**
 * How long `npm start` takes to print "GraphQL at" (issue 10): `npm run bench:start -- [--rounds 3]
 * [--ref HEAD] [--baseline <commit>]`. Each tree is taken from git into node_modules/.cache (so node
 * finds this checkout's packages) and started with its own `npm start`: a first start with no dist/
 * and a new DATA_DIR (the embedded PostgreSQL initialised, every migration applied), then a second
 * start on the same DATA_DIR. The baseline (by default the last tree that started in sequence) runs
 * in the same rounds, alternating which goes first, so both see the same load. Figures, not a test:
 * the wall time to the line, the server process's CPU time by then, and the load beside each.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, Row, table } from './stats';

/** The last commit whose server loaded every module, then started PostgreSQL, then built the schema, in turn. */
const SEQUENTIAL_START = 'ad79e0b';

const root = path.join(__dirname, '..');
const cache = path.join(root, 'node_modules', '.cache', 'hazchem-start-bench');
/** What a start needs besides node_modules: the console's build inputs and output are copied, so its check finds it built. */
const TREE = ['src', 'migrations', 'scripts', 'data', '.swcrc', 'package.json'];
const CONSOLE = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/codegen.mjs', 'web/package.json', 'web/tsconfig.json', 'web/dist', 'schema/schema.graphql', 'package-lock.json'];

interface Start {
  wallMs: number;
  cpuMs: number;
  load: number;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

/** The tree at `ref`, as a clean clone has it (no dist/), with this checkout's console build beside it. */
function checkout(ref: string): string {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
  const dir = path.join(cache, commit);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['archive', commit, ...TREE], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  for (const item of CONSOLE) if (fs.existsSync(path.join(root, item))) fs.cpSync(path.join(root, item), path.join(dir, item), { recursive: true });
  return dir;
}

/** CPU time (user + system) of a process so far, from /proc. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
  return ((utime + stime) * 1000) / 100; // USER_HZ is 100 on Linux
}

/** The server's own process: the node running dist/src/main.js under npm's shell. */
function serverPid(): number | undefined {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes('dist/src/main.js') && fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(cache)) return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** `npm start` in `dir` until it prints "GraphQL at", then SIGTERM to its process group and its exit. */
async function start(dir: string, dataDir: string, pgPort: number): Promise<Start> {
  const load = os.loadavg()[0];
  const began = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: '0' };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallMs = await new Promise<number>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('GraphQL at')) resolve(performance.now() - began);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => reject(new Error(`npm start in ${dir} exited ${code} before "GraphQL at":\n${output.slice(-2000)}`)));
  });
  const pid = serverPid();
  const cpu = pid ? cpuMs(pid) : NaN;
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  // The server stops its PostgreSQL on SIGTERM; wait for its pid file to go before the next start.
  for (let i = 0; i < 300 && fs.existsSync(path.join(dataDir, 'server.pid')); i++) await new Promise((r) => setTimeout(r, 100));
  return { wallMs, cpuMs: cpu, load };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
const describe = (starts: Start[]) => `${seconds(median(starts.map((s) => s.wallMs)))} (cpu ${seconds(median(starts.map((s) => s.cpuMs)))})`;

async function main(): Promise<void> {
  const rounds = Number(option('rounds', '3'));
  // Built here first, so that neither tree's start builds the console in the background.
  execFileSync(process.execPath, [path.join(root, 'scripts/console-build.mjs')], { cwd: root, stdio: 'inherit' });
  const trees = { measured: checkout(option('ref', 'HEAD')), baseline: checkout(option('baseline', SEQUENTIAL_START)) };
  const results = { measured: { first: [] as Start[], second: [] as Start[] }, baseline: { first: [] as Start[], second: [] as Start[] } };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['measured', 'baseline'] as const) : (['baseline', 'measured'] as const);
    for (const which of order) {
      const dir = trees[which];
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-start-bench-'));
      fs.chmodSync(dataDir, 0o755);
      fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
      const pgPort = 20000 + Math.floor(Math.random() * 10000);
      try {
        const first = await start(dir, dataDir, pgPort);
        const second = await start(dir, dataDir, pgPort);
        results[which].first.push(first);
        results[which].second.push(second);
        console.log(`round ${round + 1} ${which.padEnd(8)} first ${seconds(first.wallMs)} (cpu ${seconds(first.cpuMs)}, load ${first.load.toFixed(1)}), second ${seconds(second.wallMs)} (cpu ${seconds(second.cpuMs)}, load ${second.load.toFixed(1)})`);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  const row = (metric: string, measured: Start[], baseline: Start[], targetMs: number): Row => {
    const m = median(measured.map((s) => s.wallMs));
    const b = median(baseline.map((s) => s.wallMs));
    return { metric, measured: describe(measured), baseline: describe(baseline), ratio: `${fmt(m / b, 2)}×`, target: `≤ ${seconds(targetMs)}`, verdict: m <= targetMs ? 'PASS' : 'MISS' };
  };
  console.log(`\nnpm start to "GraphQL at", median of ${rounds} rounds; ${path.basename(trees.measured)} against ${path.basename(trees.baseline)} (sequential start); load now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  console.log(table([row('first start (clean clone)', results.measured.first, results.baseline.first, 30_000), row('second start', results.measured.second, results.baseline.second, 8_000)]));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
