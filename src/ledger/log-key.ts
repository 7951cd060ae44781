import fs from 'node:fs';
import path from 'node:path';
import { Config } from '../config';
import { encodeSignerKey, generateSigner, NoteSigner, parseSignerKey } from '../proof/signed-note';

/**
 * The log's Ed25519 signer: LOG_SIGNER_KEY (a `PRIVATE+KEY+<origin>+…` note
 * key), or in development one generated on first start and kept in the data
 * directory, like the JWT secret. Its name is the log's origin. Production
 * refuses to start without LOG_SIGNER_KEY: a log whose key changes on a new
 * machine would look forged to every witness.
 */
export function resolveLogSigner(config: Config): NoteSigner {
  if (config.log.signerKey) return parseSignerKey(config.log.signerKey);
  if (config.production) throw new Error('NODE_ENV=production requires LOG_SIGNER_KEY');
  const file = path.join(config.dataDir, 'log-signer-key');
  if (fs.existsSync(file)) return parseSignerKey(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(config.dataDir, { recursive: true });
  const signer = generateSigner(config.log.origin);
  fs.writeFileSync(file, `${encodeSignerKey(signer)}\n`, { mode: 0o600 });
  return signer;
}
