import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { encodeSignerKey, encodeVerifierKey, generateSigner } from '../proof/signed-note';
import { resolveLogSigner } from './log-key';

describe('the log signer key', () => {
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hz-logkey-'));

  it('production refuses to start without LOG_SIGNER_KEY', () => {
    expect(() => resolveLogSigner(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() }))).toThrow('requires LOG_SIGNER_KEY');
  });

  it('takes LOG_SIGNER_KEY, its name being the origin', () => {
    const signer = generateSigner('city.example/ledger');
    const resolved = resolveLogSigner(loadConfig({ NODE_ENV: 'production', LOG_SIGNER_KEY: encodeSignerKey(signer), DATA_DIR: dataDir() }));
    expect(encodeVerifierKey(resolved)).toBe(encodeVerifierKey(signer));
    expect(() => resolveLogSigner(loadConfig({ LOG_SIGNER_KEY: 'PRIVATE+KEY+x+00000000+AAAA' }))).toThrow();
  });

  it('generates a key on first start under LOG_ORIGIN and keeps it in the data directory', () => {
    const dir = dataDir();
    const first = resolveLogSigner(loadConfig({ DATA_DIR: dir, LOG_ORIGIN: 'dev.example/ledger' }));
    expect(first.name).toBe('dev.example/ledger');
    expect(encodeVerifierKey(resolveLogSigner(loadConfig({ DATA_DIR: dir })))).toBe(encodeVerifierKey(first));
    expect(fs.statSync(path.join(dir, 'log-signer-key')).mode & 0o777).toBe(0o600);
    expect(resolveLogSigner(loadConfig({ DATA_DIR: dataDir(), PUBLIC_BASE_URL: 'https://ledger.city.example' })).name).toBe('ledger.city.example/ledger');
  });
});
