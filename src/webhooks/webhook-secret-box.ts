import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EntityManager } from '@mikro-orm/postgresql';
import { Config } from '../config';
import { rawQuery } from '../db/raw-query';

const SEALED = 'aes256gcm:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** What tells AES-GCM this ciphertext is a webhook secret (not some other value sealed with the same key). */
const PURPOSE = Buffer.from('hazchem-ledger webhook secret');

/**
 * Webhook secrets at rest: AES-256-GCM under WEBHOOK_SECRET_KEY, stored as
 * `aes256gcm:` + base64(iv ‖ tag ‖ ciphertext). A copy of the database alone
 * (a backup, a replica, a dump) does not let anyone sign a delivery; the key
 * lives with the servers' configuration. Pure apart from the key.
 */
export class WebhookSecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('WEBHOOK_SECRET_KEY must be 32 bytes (base64)');
  }

  seal(secret: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv).setAAD(PURPOSE);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The secret; throws when the value was not sealed under this key (a wrong key, a tampered row). */
  open(sealed: string): string {
    if (!sealed.startsWith(SEALED)) throw new Error('A webhook secret is stored unsealed');
    const raw = Buffer.from(sealed.slice(SEALED.length), 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES)).setAAD(PURPOSE);
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** The box of a configuration whose key main.ts resolved (resolveWebhookSecretKey). */
export function secretBoxOf(config: Pick<Config, 'webhooks'>): WebhookSecretBox {
  if (!config.webhooks.secretKey) throw new Error('WEBHOOK_SECRET_KEY is not set');
  return new WebhookSecretBox(config.webhooks.secretKey);
}

/**
 * WEBHOOK_SECRET_KEY, or in development a key generated once and kept in the
 * data directory (as the JWT secret), so registered webhooks keep working
 * across restarts. Production refuses to start without it.
 */
export function resolveWebhookSecretKey(config: Pick<Config, 'webhooks' | 'production' | 'dataDir'>): Buffer {
  if (config.webhooks.secretKey) return config.webhooks.secretKey;
  if (config.production) throw new Error('NODE_ENV=production requires WEBHOOK_SECRET_KEY');
  const file = path.join(config.dataDir, 'webhook-secret-key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

/** Seals secrets written in clear before they were encrypted at rest (webhooks registered by an earlier version); run once at start. */
export async function sealClearSecrets(em: EntityManager, box: WebhookSecretBox): Promise<number> {
  const clear = await rawQuery<{ id: string; secret: string }>(em, `select id::text, secret from webhook_subscription where secret not like ?`, [`${SEALED}%`]);
  for (const row of clear) {
    await rawQuery(em, `update webhook_subscription set secret = ? where id = ? and secret = ?`, [box.seal(row.secret), row.id, row.secret]);
  }
  return clear.length;
}
