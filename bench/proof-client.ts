/**
 * Bench phase 7b's client over HTTP, in a process of its own, as a partner's verifier is: by the time of
 * 7b the bench's own process holds the whole run (a full-size ingest's figures and answers), and its
 * garbage collector's pauses would be timed as the server's. One client, one request at a time: each
 * entry's proof, then GET /checkpoint (the server's cheapest read: one row, no audit) as its baseline,
 * interleaved so both meet the same moments of the machine.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ProofClientPlan {
  url: string;
  token: string;
  picks: { chain: string; seq: number }[];
  /**
   * Other entries, asked first untimed, twice over. A fresh route is slow for its first few thousand requests (a probe
   * of a new server on the full-size ledger: p50 / p99 2.5 / 9 ms in its first 1,000 proofs, 1.2–1.5 / 4–5 ms from
   * the third on, whether the entries were asked before or not): the code's optimising tiers and the heap's sizing
   * settle, in both processes, and the steady state is what a verifier meets.
   */
  warm: { chain: string; seq: number }[];
}

export interface ProofClientResult {
  proofMs: number[];
  checkpointMs: number[];
  /** Each proof's answer as sent, parsed by the caller once timing is over. */
  proofs: string[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function getText(base: URL, pathname: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, hostname: base.hostname, port: base.port, path: pathname, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`bench: GET ${pathname} answered ${res.statusCode}: ${text.slice(0, 300)}`));
        else resolve(text);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function timeProofs({ url, token, picks, warm }: ProofClientPlan): Promise<ProofClientResult> {
  const base = new URL(url);
  const proofPath = (p: { chain: string; seq: number }) => `/log/entries/${p.chain}/${p.seq}/proof`;
  // The connection, the server's statements and both processes' hot code warmed before anything is timed.
  for (const p of [...warm, ...warm]) {
    await getText(base, proofPath(p), token);
    await getText(base, '/checkpoint', token);
  }
  const result: ProofClientResult = { proofMs: [], checkpointMs: [], proofs: [] };
  for (const p of picks) {
    let t = performance.now();
    result.proofs.push(await getText(base, proofPath(p), token));
    result.proofMs.push(performance.now() - t);
    t = performance.now();
    await getText(base, '/checkpoint', token);
    result.checkpointMs.push(performance.now() - t);
  }
  return result;
}

/** Runs the timed requests in a child process and returns what it measured. */
export function timeProofsApart(plan: ProofClientPlan): Promise<ProofClientResult> {
  const child = fork(__filename, [], { execArgv: ['-r', '@swc-node/register'], env: { ...process.env, BENCH_PROOF_CLIENT: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench: the proof client exited with ${code}`)));
    child.once('message', (message: ProofClientResult | { error: string }) => {
      child.disconnect();
      if ('error' in message) reject(new Error(message.error));
      else resolve(message);
    });
    child.send(plan);
  });
}

if (require.main === module && process.env.BENCH_PROOF_CLIENT) {
  process.once('message', (plan: ProofClientPlan) => {
    timeProofs(plan).then(
      (result) => process.send!(result),
      (error: Error) => process.send!({ error: error.message }),
    );
  });
}
