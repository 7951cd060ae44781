import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTestDatabase, TestDatabase } from '../support/database';

/**
 * A SIGTERM that reaches the server as it announces "GraphQL at …" (whoever started it stops it on reading that
 * line) is a clean shutdown, never a death by the signal: the handlers are in place before the line is written.
 * The signal is sent from inside that write (test/support/sigterm-on-announce.cjs), so no scheduling luck can
 * hide a gap between the two; under CI load a test reading the line once killed a server in that gap.
 */
jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');
let db: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  db = await openTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-signal-'));
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('shuts down cleanly on a SIGTERM sent the moment it says it serves', async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'info',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, '../support/sigterm-on-announce.cjs')}`,
  };
  delete env.TEST_DATABASE_URL;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // 'close': the process has exited and everything it wrote has been read.
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (c, s) => resolve([c, s])));
  expect(out).toContain('GraphQL at http://127.0.0.1:');
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(out).toContain('"reason":"SIGTERM"');
  expect(out).toContain('"msg":"stopped"');
});
