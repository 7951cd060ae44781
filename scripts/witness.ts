/**
 * Acts as a witness of a ledger's transparency log (docs/verification.md):
 * fetches the latest checkpoint, checks it extends the one last cosigned
 * (kept in --state), cosigns it and sends the cosignature to the log.
 *
 *   npm run witness -- --new-key city.example/witness --key witness.key     (once: prints the key to register)
 *   npm run witness -- --url https://ledger.example --key witness.key [--log-key <verifier key>] [--state witness-state.json]
 *
 * Prints one JSON line; exit 0 cosigned, 1 refused (the log rewrote history;
 * reported to it, the held checkpoint kept as evidence), 2 could not run. A
 * request answered 429 or 503 is sent again after its Retry-After (src/ledger/log-witness-client.ts RETRY).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { witnessOnce } from '../src/ledger/log-witness-client';
import { COSIGNATURE_TYPE, encodeSignerKey, encodeVerifierKey, generateSigner, parseSignerKey, parseVerifierKey } from '../src/proof/signed-note';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, key: { type: 'string' }, 'log-key': { type: 'string' }, state: { type: 'string' }, 'new-key': { type: 'string' } },
  });
  if (values['new-key'] && values.key) {
    if (fs.existsSync(values.key)) throw new Error(`${values.key} exists: a witness keeps its key`);
    const signer = generateSigner(values['new-key'], COSIGNATURE_TYPE);
    fs.writeFileSync(values.key, `${encodeSignerKey(signer)}\n`, { mode: 0o600 });
    console.log(encodeVerifierKey(signer));
    return 0;
  }
  if (!values.url || !values.key) {
    console.error('usage: npm run witness -- --url <log server> --key <witness key file> [--log-key <verifier key>] [--state <file>]\n       npm run witness -- --new-key <name> --key <file>');
    return 2;
  }
  const witness = parseSignerKey(fs.readFileSync(values.key, 'utf8'));
  if (witness.type !== COSIGNATURE_TYPE) throw new Error('the witness key is not a cosignature key (type 0x04)');
  const outcome = await witnessOnce({
    url: values.url,
    witness,
    logKey: values['log-key'] ? parseVerifierKey(values['log-key']) : undefined,
    stateFile: values.state ?? 'witness-state.json',
    now: () => Math.floor(Date.now() / 1000),
  });
  console.log(JSON.stringify(outcome));
  return outcome.status === 'COSIGNED' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`witness: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  },
);
