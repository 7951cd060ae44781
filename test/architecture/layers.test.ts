import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const projectSrc = path.resolve(__dirname, '../../src');

/** Every relative import (static, dynamic, require, type-only) of the .ts files under a folder, resolved to a path under the project. */
function relativeImports(src: string, folder: string): { file: string; target: string }[] {
  const found: { file: string; target: string }[] = [];
  const pattern = /(?:from\s+|import\s*\(\s*|require\(\s*|import\s+)['"](\.[^'"]*)['"]/g;
  for (const name of fs.readdirSync(folder, { recursive: true }) as string[]) {
    if (!name.endsWith('.ts')) continue;
    const file = path.join(folder, name);
    for (const match of fs.readFileSync(file, 'utf8').matchAll(pattern)) {
      found.push({ file: path.relative(src, file), target: path.relative(src, path.resolve(path.dirname(file), match[1])) });
    }
  }
  return found;
}

/** What an infrastructure folder may import: itself, the layers below it, and nothing of a domain or of the composition root. */
function offenders(folder: string, allowed: string[], src = projectSrc): string[] {
  const ok = (target: string) => allowed.some((prefix) => target === prefix || target.startsWith(prefix + path.sep));
  return relativeImports(src, path.join(src, folder))
    .filter(({ target }) => !ok(target))
    .map(({ file, target }) => `${file} → ${target}`);
}

describe('layers: no import runs back up', () => {
  it('db/ imports no domain and not the composition root', () => {
    expect(offenders('db', ['db', 'shared', 'proof', 'config', path.join('..', 'migrations')])).toEqual([]);
  });

  it('graphql/ imports no domain and not the composition root', () => {
    expect(offenders('graphql', ['graphql', 'db', 'shared', 'proof', 'config'])).toEqual([]);
  });

  it('catches an offending import', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    try {
      fs.mkdirSync(path.join(scratch, 'graphql', 'deep'), { recursive: true });
      fs.writeFileSync(path.join(scratch, 'graphql', 'deep', 'bad.ts'), "import type { Viewer } from '../../access/viewer';\nimport { ok } from '../../shared/ok';\n");
      fs.writeFileSync(path.join(scratch, 'graphql', 'up.ts'), "const c = require('../context');\n");
      expect(offenders('graphql', ['graphql', 'shared'], scratch).sort()).toEqual([
        `${path.join('graphql', 'deep', 'bad.ts')} → ${path.join('access', 'viewer')}`,
        `${path.join('graphql', 'up.ts')} → context`,
      ]);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
