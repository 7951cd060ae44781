/** The bench's server processes: the shipped build, started with the options `npm start` gives it. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { encodeSignerKey, generateSigner } from '../src/proof/signed-note';

/** The server's checkpoint interval in the bench, and its integration interval (the default). */
export const LOG_CHECKPOINT_MS = 1000;
export const LOG_INTEGRATE_MS = 200;

const root = path.join(__dirname, '..');
/** One key for every server of a run: a webhook registered through one is delivered by another. */
const WEBHOOK_SECRET_KEY = crypto.randomBytes(32).toString('base64');

export interface BenchServer {
  child: ChildProcess;
  url: string;
  pid: number;
  nodeOptions: string[];
  stop(): Promise<void>;
}

/** Builds the server (dist/), as `npm start` does (scripts/build-server.mjs); once per run. */
export function buildServer(): void {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root, stdio: 'inherit' });
}

/**
 * The server under test is the shipped one: `dist/src/main.js` (built first),
 * run with the node options `npm start` gives it, in its own process so that
 * its peak RSS (VmHWM) is its own. `env` overrides the bench's settings (a
 * second process, one behind the pooler); `main` another build's entry point and `extraNodeOptions` node
 * options after npm start's (phase G's "before").
 */
export async function startServer(databaseUrl: string, jwtSecret: string, env: Record<string, string> = {}, main = 'dist/src/main.js', extraNodeOptions: string[] = []): Promise<BenchServer> {
  const startScript: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start;
  const startOptions = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(startScript);
  if (!startOptions) throw new Error(`bench: cannot find how npm start runs dist/src/main.js in "${startScript}"`);
  const nodeOptions = [...startOptions[1].split(/\s+/), ...(process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' '), ...extraNodeOptions].filter(Boolean);
  const child = spawn(process.execPath, [...nodeOptions, main], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      // Production needs the log's key; the bench makes a fresh one.
      LOG_SIGNER_KEY: encodeSignerKey(generateSigner('bench.example/ledger')),
      WEBHOOK_SECRET_KEY: WEBHOOK_SECRET_KEY,
      JOBS_ENABLED: 'false',
      // The log's integrator runs during the ingest, signing a checkpoint each second while the tree grows.
      LOG_INTEGRATE: 'true',
      LOG_CHECKPOINT_MS: String(LOG_CHECKPOINT_MS),
      // The bench measures how long its own large reads take; a statement timeout would cut them short.
      STATEMENT_TIMEOUT_SECONDS: '0',
      LOG_LEVEL: 'warn',
      // Phase A measures calls without a token too; the per-address limit for anonymous callers would cut them short.
      ANONYMOUS_RATE_PER_MINUTE: '10000000',
      ANONYMOUS_RATE_BURST: '1000000',
      // Phase F starts its own dispatching processes; its receiver is on this machine.
      WEBHOOKS_DELIVER: 'false',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      PUBLIC_BASE_URL: 'http://127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`bench: the server exited with ${code} before it was ready:\n${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /GraphQL at (http:\/\/\S+)/.exec(out);
      if (match) {
        // From here on the server's warnings and errors go to the bench's stderr.
        child.stdout!.removeAllListeners('data');
        child.stdout!.pipe(process.stderr);
        resolve(match[1]);
      }
    });
  });
  return {
    child,
    url,
    pid: child.pid!,
    nodeOptions,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}
