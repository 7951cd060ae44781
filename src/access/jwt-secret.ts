import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Config } from '../config';

/**
 * JWT_SECRET, or in development a secret generated once and kept in the data
 * directory, so tokens minted by `npm run token` keep working across restarts.
 * Production refuses to start without JWT_SECRET.
 */
export function resolveJwtSecret(config: Config): string {
  if (config.jwtSecret) {
    if (config.jwtSecret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
    return config.jwtSecret;
  }
  if (config.production) throw new Error('NODE_ENV=production requires JWT_SECRET');
  const file = path.join(config.dataDir, 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
