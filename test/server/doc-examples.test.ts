import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSchema, LoneAnonymousOperationRule, parse, specifiedRules, validate } from 'graphql';
import { adminUrl, createScratchDatabase, ScratchDatabase } from '../../src/db/scratch-database';
import { ServerProcess, startServerProcess } from '../support/server-process';

/**
 * The GraphQL examples of README.md and docs/ form one session a new user can follow: a test
 * runs them in the order a reader meets them (the README's first session, then docs/ledger.md,
 * then the other documents) against a fresh server on an empty database, each with the token
 * the text tells the reader to make, and none may answer an error. So they cannot drift from
 * the API or from one another.
 *
 * Each ```graphql block is preceded by a comment saying how it runs:
 *   <!-- example: anonymous -->
 *   <!-- example: as npm run -s token -- --role … -->   (the same command must be in the text)
 *   <!-- example: not run, <why> -->                    (validated against the schema only)
 */
jest.setTimeout(300_000);

const root = path.resolve(__dirname, '../..');
const DOCS = ['README.md', 'docs/ledger.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'ledger.md').sort().map((f) => `docs/${f}`)];

interface Example {
  at: string;
  how: { anonymous: true } | { token: string } | { notRun: string };
  document: string;
}

function examplesOf(file: string): Example[] {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  const found: Example[] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== '```graphql') return;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    const directive = /^<!-- example: (.*) -->$/.exec(lines[i - 1]?.trim() ?? '')?.[1] ?? '';
    const how = directive === 'anonymous' ? { anonymous: true as const } : directive.startsWith('as ') ? { token: directive.slice(3) } : directive.startsWith('not run, ') ? { notRun: directive } : null;
    if (!how) throw new Error(`${file}:${i + 1}: a graphql block needs <!-- example: anonymous | as <token command> | not run, <why> --> on the line before`);
    found.push({ at: `${file}:${i + 1}`, how, document: lines.slice(i + 1, end).join('\n') });
  });
  return found;
}

const examples = DOCS.flatMap(examplesOf);

it('every example is valid against the committed schema, and says how it runs', () => {
  const schema = buildSchema(fs.readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8'));
  // A block that is not run may list several operations side by side.
  const rules = specifiedRules.filter((rule) => rule !== LoneAnonymousOperationRule);
  const problems = examples.flatMap((e) => validate(schema, parse(e.document), 'notRun' in e.how ? rules : specifiedRules).map((error) => `${e.at}: ${error.message}`));
  expect(problems).toEqual([]);
  expect(examples.filter((e) => !('notRun' in e.how)).length).toBeGreaterThanOrEqual(4);
});

it('a token command an example runs under is the one its text gives the reader', () => {
  const prose = (file: string) => fs.readFileSync(path.join(root, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const missing = examples.filter((e) => 'token' in e.how && !prose(e.at.split(':')[0]).includes(e.how.token)).map((e) => e.at);
  expect(missing).toEqual([]);
});

describe('against a fresh server', () => {
  let database: ScratchDatabase;
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl(), 'hz_docs');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-docs-'));
    // PUBLIC_BASE_URL as the README's server has it, so URLs in the examples are the server's.
    server = await startServerProcess({ DATABASE_URL: database.url, DATA_DIR: dataDir, JOBS_ENABLED: 'false', PUBLIC_BASE_URL: 'http://localhost:4000' });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The token a reader makes with the command the text gives, run as the text writes it, with the server's DATA_DIR. */
  async function tokenFrom(command: string): Promise<string> {
    const [npm, ...args] = command.split(/\s+/);
    expect(npm).toBe('npm');
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.JWT_SECRET;
    const { stdout } = await promisify(execFile)('npm', args, { cwd: root, env });
    return stdout.trim();
  }

  it('runs every example in order, each answering without an error', async () => {
    const answers: { at: string; errors: unknown }[] = [];
    for (const example of examples) {
      if ('notRun' in example.how) continue;
      const token = 'token' in example.how ? await tokenFrom(example.how.token) : null;
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: example.document }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      answers.push({ at: example.at, errors: body.errors ?? (response.ok && body.data ? null : `HTTP ${response.status}`) });
    }
    expect(answers).toEqual(answers.map(({ at }) => ({ at, errors: null })));
  });

  it('and the chain they wrote verifies with the README\'s `npm run verify`, through the API alone', async () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const command = /^HZ_TOKEN="\$TOKEN" npm run verify -- --url (\S+) (--enterprise \S+)$/m.exec(readme);
    expect(command).not.toBeNull();
    const args = ['run', '-s', 'verify', '--', '--url', server.url, ...command![2].split(' ')];
    const token = await tokenFrom('npm run -s token -- --role REGULATOR --level DISTRICT');
    const { stdout } = await promisify(execFile)('npm', args, { cwd: root, env: { ...process.env, HZ_TOKEN: token } });
    expect(JSON.parse(stdout)).toMatchObject({ chain: '91310115MA1K3YJ12G', ok: true, checked: 2, failure: null });
  });
});
