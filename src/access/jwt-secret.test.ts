import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { resolveJwtSecret } from './jwt-secret';

describe('JWT secret', () => {
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hz-secret-'));

  it('production refuses to start without JWT_SECRET', () => {
    expect(() => resolveJwtSecret(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() }))).toThrow('requires JWT_SECRET');
  });

  it('refuses a short secret', () => {
    expect(() => resolveJwtSecret(loadConfig({ JWT_SECRET: 'short' }))).toThrow('at least 32');
  });

  it('generates a secret on first start and keeps it in the data directory', () => {
    const dir = dataDir();
    const first = resolveJwtSecret(loadConfig({ DATA_DIR: dir }));
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dir }))).toBe(first);
    expect(fs.statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });
});
