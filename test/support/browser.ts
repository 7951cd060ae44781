import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { Browser, chromium, Page, Response } from 'playwright-core';
import { auditPlugin } from '../../src/access/audit.plugin';
import { mintToken, TokenClaims } from '../../src/access/tokens';
import { loadConfig } from '../../src/config';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { Clock, systemClock } from '../../src/shared/clock';
import { CreateUserInput } from '../../src/accounts/accounts.inputs';
import { createUser, PASSWORD } from './account-fixtures';
import { testSchema } from './api';
import { TestDatabase } from './database';

const SECRET = 'console-test-secret-console-test-secret';

/** Debian's chromium (Playwright's own download cannot run here), headless and quiet. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? onPath('chromium'),
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

function onPath(command: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, command);
    if (existsSync(file)) return file;
  }
  throw new Error(`${command} is not on PATH: apt-get install -y chromium fonts-noto-cjk (.ci/run does)`);
}

export interface ConsoleServer {
  base: string;
  server: RunningServer;
  token(claims: Omit<TokenClaims, 'expiresInSeconds' | 'subject'> & { subject?: string }): Promise<string>;
}

/** The real HTTP server as main.ts wires it (audit trails included; the log's verifier key when given), serving the built console (global-setup builds it) on a free port. */
export async function startConsoleServer(db: TestDatabase, clock: Clock = systemClock, options: { logKey?: string; env?: Record<string, string> } = {}): Promise<ConsoleServer> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock, jwtSecret: SECRET, logKey: options.logKey, plugins: [auditPlugin()] },
    0,
    '127.0.0.1',
  );
  return {
    base: server.url.replace(/\/graphql$/, ''),
    server,
    token: (claims) => mintToken(SECRET, { subject: claims.role.toLowerCase(), expiresInSeconds: 3600, ...claims }),
  };
}

/**
 * An account of the kind the test needs, made as an administrator would (createUser), signed in with its
 * login name and password through the sign-in form, as a person does.
 */
export async function signInAs(page: Page, app: ConsoleServer, db: TestDatabase, loginName: string, account: Partial<CreateUserInput>): Promise<void> {
  await createUser(db.orm.em as EntityManager, loginName, account);
  await signIn(page, app.base, loginName);
}

/** Signs an existing account (password PASSWORD) in through the sign-in form. */
export async function signIn(page: Page, base: string, loginName: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel(/登录名|Login name/).fill(loginName);
  await page.getByLabel(/密码|Password/).fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await page.getByRole('button', { name: /退出登录|Sign out/ }).waitFor();
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now (or within the elements `include` selects). */
export async function seriousA11yViolations(page: Page, include?: string): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  // Colours are measured once the page is still: half-way through a tab's fade-in, text is paler than it is.
  await page.waitForFunction(`document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)`);
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (context) => {
    const axe = (globalThis as unknown as { axe: { run(context?: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await (context ? axe.run({ include: [context] }) : axe.run())).violations;
  }, include ?? null);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** Saves the page as test-results/<name>.png (CI keeps the folder as an artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(process.cwd(), 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The screenshots docs/console.md shows, retaken by the tests that reach each
 * screen when CONSOLE_SCREENSHOTS=docs (so an ordinary run leaves docs/ alone).
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.CONSOLE_SCREENSHOTS !== 'docs') return;
  const dir = path.join(process.cwd(), 'docs', 'console');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Counts the gzipped size of every script the page loads from the server until `stop()`. */
export function measureScripts(page: Page): { stop(): Promise<{ files: number; gzipBytes: number }> } {
  const sizes: Promise<number>[] = [];
  const listener = (response: Response) => {
    if (response.request().resourceType() === 'script') sizes.push(response.body().then((body) => gzipSync(body, { level: 9 }).length));
  };
  page.on('response', listener);
  return {
    async stop() {
      page.off('response', listener);
      const all = await Promise.all(sizes);
      return { files: all.length, gzipBytes: all.reduce((a, b) => a + b, 0) };
    },
  };
}
