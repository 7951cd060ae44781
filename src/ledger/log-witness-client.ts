import fs from 'node:fs';
import path from 'node:path';
import { cosign, openCheckpoint } from '../proof/checkpoint';
import { encodeVerifierKey, NoteKey, NoteSigner, parseNote, parseVerifierKey } from '../proof/signed-note';
import { judgeCheckpoint, needsConsistencyProof } from '../proof/witness';

/** What a witness keeps between runs: the log key it trusts and the last checkpoint it cosigned. */
interface WitnessState {
  logKey: string;
  checkpoint: string;
}

export interface WitnessRun {
  /** The log server's base URL (where /checkpoint is). */
  url: string;
  witness: NoteSigner;
  /** The log's verifier key; when absent, the one held in the state file, or on a first run the one the server publishes. */
  logKey?: NoteKey;
  /** Where the witness keeps its state (JSON). */
  stateFile: string;
  /** Now, in POSIX seconds: the cosignature's time. */
  now: () => number;
  /** How a request answered 429 or 503 is tried again (default RETRY). */
  retry?: Retry;
}

/**
 * A request answered 429 or 503 (the log's limit of callers without a token, a database away) is
 * sent again after the wait its Retry-After asks, at most `attempts` times; a wait longer than
 * `maxWaitSeconds` is not waited for: the refusal is the run's error.
 */
export interface Retry {
  attempts: number;
  maxWaitSeconds: number;
}

export const RETRY: Retry = { attempts: 3, maxWaitSeconds: 30 };

export type WitnessOutcome =
  | { status: 'COSIGNED'; size: number; witness: string }
  | { status: 'REFUSED'; reason: string; message: string; heldSize: number; latestSize: number; reported: boolean };

/**
 * One witness run (docs/verification.md): fetch the log's latest checkpoint,
 * check its signature and that it extends the checkpoint held (a consistency
 * proof), then cosign it (C2SP tlog-cosignature) and keep it. A checkpoint
 * that does not extend the held one is refused and reported to the log, the
 * held one kept as evidence. Errors of transport or signature throw.
 */
export async function witnessOnce(run: WitnessRun): Promise<WitnessOutcome> {
  const base = run.url.replace(/\/+$/, '');
  const retry = run.retry ?? RETRY;
  const text = (url: string) => body(url, retry, (response) => response.text());
  const json = (url: string) => body(url, retry, (response) => response.json());
  const state = readState(run.stateFile);
  const logKey = run.logKey ?? parseVerifierKey(state?.logKey ?? (await text(`${base}/log/key`)));
  if (state && state.logKey !== encodeVerifierKey(logKey)) throw new Error(`the log key ${encodeVerifierKey(logKey)} is not the one this witness holds (${state.logKey})`);
  const note = await text(`${base}/checkpoint`);
  const latest = openCheckpoint(note, logKey);
  const held = state ? openCheckpoint(state.checkpoint, logKey) : null;
  const proof = needsConsistencyProof(held, latest)
    ? ((await json(`${base}/log/consistency?from=${held!.size}&to=${latest.size}`)) as { proof: string[] }).proof.map((h) => Buffer.from(h, 'base64'))
    : [];
  const verdict = judgeCheckpoint(held, latest, proof);
  if (!verdict.ok) {
    const report = await request(`${base}/log/inconsistency`, retry, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ checkpoint: state!.checkpoint, witness: run.witness.name, message: verdict.message }),
    }).catch(() => null);
    return { status: 'REFUSED', reason: verdict.reason, message: verdict.message, heldSize: held!.size, latestSize: latest.size, reported: report?.ok ?? false };
  }
  const cosignature = cosign(parseNote(note).text, run.witness, run.now());
  const answer = await request(`${base}/log/cosignatures`, retry, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ size: latest.size, cosignature }),
  });
  if (!answer.ok) throw new Error(`the log refused the cosignature: HTTP ${answer.status} ${await answer.text()}`);
  writeState(run.stateFile, { logKey: encodeVerifierKey(logKey), checkpoint: note });
  return { status: 'COSIGNED', size: latest.size, witness: run.witness.name };
}

function readState(file: string): WitnessState | null {
  if (!fs.existsSync(file)) return null;
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as WitnessState;
  if (typeof state.logKey !== 'string' || typeof state.checkpoint !== 'string') throw new Error(`${file} is not a witness state file`);
  return state;
}

/** Written whole, then renamed: a crash never leaves half a state. */
function writeState(file: string, state: WitnessState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** A GET's body, or an error naming the URL, the status and what the server said. */
async function body<T>(url: string, retry: Retry, read: (response: Response) => Promise<T>): Promise<T> {
  const response = await request(url, retry);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${await response.text()}`);
  return read(response);
}

/** fetch, with a 429 or 503 sent again as `retry` allows. */
async function request(url: string, retry: Retry, init?: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, init);
    if (response.status !== 429 && response.status !== 503) return response;
    const wait = retryAfterSeconds(response.headers.get('retry-after'));
    if (attempt >= retry.attempts || wait > retry.maxWaitSeconds) return response;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}

/** Retry-After in seconds: a number of seconds or an HTTP date (RFC 9110 10.2.3); 1 when absent or unreadable. */
function retryAfterSeconds(header: string | null): number {
  if (header !== null && /^\s*\d+\s*$/.test(header)) return Number(header);
  const date = header === null ? NaN : Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(0, (date - Date.now()) / 1000);
}
