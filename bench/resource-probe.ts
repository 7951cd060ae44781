/**
 * Where a server's time goes while a phase runs, sampled from outside: its event loop's lag (how
 * late a timer-free /healthz answers), its process CPU, the CPU of its database's PostgreSQL
 * backends, and how many of its pooled connections are busy (pg_stat_activity, not idle).
 */
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { ANONYMOUS_APPLICATION } from '../src/db/orm-config';
import { summarize } from './stats';

const TICKS_PER_SECOND = 100;

/** utime + stime of a process, in seconds; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function healthz(url: URL): Promise<number> {
  const t = performance.now();
  return new Promise((resolve) => {
    const req = http.get({ hostname: url.hostname, port: url.port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t));
    });
    req.on('error', () => resolve(performance.now() - t));
  });
}

export interface ResourceFigures {
  /** /healthz answer time, ms: the event loop's lag plus a connection's setup. */
  healthzP50: number;
  healthzP99: number;
  /** Cores the server process used, on average. */
  serverCores: number;
  /** Cores the database's backends used, on average. */
  postgresCores: number;
  /** Backends of the database busy (not idle), mean and most seen. */
  busyConnectionsMean: number;
  busyConnectionsMax: number;
  /** Of those, the anonymous pool's (application_name hazchem-anonymous), most seen. */
  busyAnonymousMax: number;
}

/** Samples every `everyMs` until stopped. */
export async function startProbe(databaseUrl: string, serverUrl: string, serverPid: number, everyMs = 200): Promise<{ stop(): Promise<ResourceFigures> }> {
  const database = new URL(databaseUrl).pathname.slice(1);
  const admin = new Client({ connectionString: databaseUrl, application_name: 'bench-probe' });
  await admin.connect();
  // The scratch database is dropped when a run fails; that ends this connection too.
  admin.on('error', () => undefined);
  const url = new URL(serverUrl);
  const healthzMs: number[] = [];
  const busy: number[] = [];
  let busyAnonymousMax = 0;
  const backendCpu = new Map<number, { first: number; last: number }>();
  const serverStart = cpuSeconds(serverPid);
  const started = performance.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const next = performance.now() + everyMs;
      const [ms, rows] = await Promise.all([
        healthz(url),
        admin.query<{ pid: number; state: string | null; application_name: string }>(
          `select pid, state, application_name from pg_stat_activity where datname = $1 and backend_type = 'client backend' and application_name <> 'bench-probe'`,
          [database],
        ),
      ]);
      healthzMs.push(ms);
      busy.push(rows.rows.filter((r) => r.state !== 'idle').length);
      busyAnonymousMax = Math.max(busyAnonymousMax, rows.rows.filter((r) => r.state !== 'idle' && r.application_name === ANONYMOUS_APPLICATION).length);
      for (const { pid } of rows.rows) {
        const now = cpuSeconds(pid);
        const seen = backendCpu.get(pid);
        if (seen) seen.last = now;
        else backendCpu.set(pid, { first: now, last: now });
      }
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await admin.end();
      const seconds = (performance.now() - started) / 1000;
      const health = summarize(healthzMs);
      let postgres = 0;
      for (const { first, last } of backendCpu.values()) postgres += last - first;
      return {
        healthzP50: health.p50,
        healthzP99: health.p99,
        serverCores: (cpuSeconds(serverPid) - serverStart) / seconds,
        postgresCores: postgres / seconds,
        busyConnectionsMean: busy.reduce((a, b) => a + b, 0) / Math.max(1, busy.length),
        busyConnectionsMax: Math.max(0, ...busy),
        busyAnonymousMax,
      };
    },
  };
}
