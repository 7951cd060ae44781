// Builds the server for `npm start`: transpiles src/ and migrations/ into dist/ with swc (the
// transform the tests and scripts already run through, .swcrc), only the files changed since the
// last build, and removes what a deleted source left behind. A first build takes a few seconds
// where `tsc` took about a minute; an unchanged tree is a stat of each source and output, and swc
// is not even loaded. Source maps go beside each file (`.js.map`, read by `node --enable-source-maps`),
// not inline: inline, they doubled what every start reads and parses. Types are checked by
// `npm run typecheck` (tsc), as in CI; `npm run build` still emits with tsc.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src', 'migrations'];
const dist = path.join(root, 'dist');

const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts');
const list = (dir) => (existsSync(path.join(root, dir)) ? readdirSync(path.join(root, dir), { recursive: true }).map((f) => path.join(dir, f)) : []);
const outputOf = (source) => path.join(dist, source.replace(/\.ts$/, '.js'));

/** Transpiles what changed into dist/; resolves to the number of files transpiled. */
export async function buildServer() {
  const sources = SOURCES.flatMap(list).filter(isSource);
  // An output older than its source, or than the transform itself (this file, .swcrc), is built again.
  const transform = Math.max(...[fileURLToPath(import.meta.url), path.join(root, '.swcrc')].map((f) => statSync(f).mtimeMs));
  const stale = sources.filter((source) => {
    const output = outputOf(source);
    return !existsSync(output) || statSync(output).mtimeMs < Math.max(transform, statSync(path.join(root, source)).mtimeMs);
  });

  if (stale.length > 0) {
    const { transformFile } = await import('@swc/core');
    await Promise.all(
      stale.map(async (source) => {
        const output = outputOf(source);
        const sourceFileName = path.relative(path.dirname(output), path.join(root, source));
        const { code, map } = await transformFile(path.join(root, source), { swcrc: true, cwd: root, sourceMaps: true, sourceFileName });
        mkdirSync(path.dirname(output), { recursive: true });
        writeFileSync(`${output}.map`, map);
        writeFileSync(output, `${code}\n//# sourceMappingURL=${path.basename(output)}.map\n`);
      }),
    );
  }

  // A source deleted or renamed must not leave its old output to be required by mistake.
  const expected = new Set(sources.map(outputOf));
  const orphans = SOURCES.flatMap((dir) => list(path.join('dist', dir)))
    .map((f) => path.join(root, f))
    .filter((f) => /\.js(\.map)?$/.test(f) && !expected.has(f.replace(/\.map$/, '')));
  for (const orphan of orphans) rmSync(orphan);

  if (stale.length > 0) console.error(`server: transpiled ${stale.length} of ${sources.length} files into dist/`);
  return stale.length;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) await buildServer();
