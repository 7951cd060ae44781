import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pgDataDirFor } from '../../src/db/embedded-postgres';

/** A DATA_DIR of its own and a port for the server's embedded PostgreSQL, as `npm start` without DATABASE_URL uses them. */
export function embeddedSetting(prefix: string): { dataDir: string; pgPort: number; env: Record<string, string> } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dataDir, 0o755);
  // Outside Linux's ephemeral range (32768–60999), where the machine's own client sockets may hold the port.
  const pgPort = 20000 + Math.floor(Math.random() * 10000);
  return { dataDir, pgPort, env: { DATABASE_URL: '', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), JOBS_ENABLED: 'false', LOG_LEVEL: 'info', NODE_ENV: 'development' } };
}

/** The embedded PostgreSQL's postmaster, from its pid file. */
export function postmasterPid(dataDir: string): number | null {
  const file = path.join(pgDataDirFor(dataDir), 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : null;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** After a test: a postgres still running is stopped, else its directories are removed. */
export function removeEmbedded(dataDir: string): void {
  const pid = postmasterPid(dataDir);
  if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  else for (const dir of [pgDataDirFor(dataDir), dataDir]) fs.rmSync(dir, { recursive: true, force: true });
}
