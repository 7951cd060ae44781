import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { resolveWebhookSecretKey, WebhookSecretBox } from './webhook-secret-box';

describe('webhook secret key and box', () => {
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hz-whkey-'));

  it('production refuses to start without WEBHOOK_SECRET_KEY; a malformed key is refused', () => {
    expect(() => resolveWebhookSecretKey(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() }))).toThrow('requires WEBHOOK_SECRET_KEY');
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: 'c2hvcnQ=' })).toThrow('32 bytes');
  });

  it('generates a key on first start outside production and keeps it in the data directory', () => {
    const dir = dataDir();
    const first = resolveWebhookSecretKey(loadConfig({ DATA_DIR: dir }));
    expect(first).toHaveLength(32);
    expect(resolveWebhookSecretKey(loadConfig({ DATA_DIR: dir }))).toEqual(first);
    expect(fs.statSync(path.join(dir, 'webhook-secret-key')).mode & 0o777).toBe(0o600);
  });

  it('seals with a fresh nonce each time and refuses a tampered value', () => {
    const box = new WebhookSecretBox(Buffer.alloc(32, 3));
    const a = box.seal('whsec_abc');
    expect(box.seal('whsec_abc')).not.toBe(a);
    expect(box.open(a)).toBe('whsec_abc');
    const raw = Buffer.from(a.slice('aes256gcm:'.length), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => box.open(`aes256gcm:${raw.toString('base64')}`)).toThrow();
    expect(() => box.open('whsec_abc')).toThrow('unsealed');
  });
});
