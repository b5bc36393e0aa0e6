/**
 * The built preload, not its source: a sandboxed preload can `require` only `electron` (and a
 * few Node built-ins we do not want either), so everything else must be bundled into it.
 * Builds the preload target of electron.vite.config.ts into a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
let workDir: string;
let bundles: { name: string; code: string }[];

/**
 * Only the preload target of the real electron.vite.config.ts (loaded from its own place, so its
 * paths resolve as in `npm run build`), built into a temporary folder: out/ is left alone.
 */
function preloadOnlyConfig(): string {
  const electronVite = pathToFileURL(path.join(repoRoot, 'node_modules/electron-vite/dist/index.js')).href;
  const realConfig = path.join(repoRoot, 'electron.vite.config.ts');
  return [
    `import { loadConfigFromFile } from ${JSON.stringify(electronVite)};`,
    'export default async () => {',
    `  const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, ${JSON.stringify(realConfig)}, ${JSON.stringify(repoRoot)});`,
    '  return { preload: loaded.config.preload };',
    '};',
    '',
  ].join('\n');
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'mailaudit-preload-build-'));
  const config = path.join(workDir, 'preload-only.config.mjs');
  await writeFile(config, preloadOnlyConfig());
  const outDir = path.join(workDir, 'out');
  const cli = path.join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js');
  await promisify(execFile)(process.execPath, [cli, 'build', '-c', config, '--outDir', outDir, '--logLevel', 'error'], {
    cwd: repoRoot,
    timeout: 120_000,
  });
  const dir = path.join(outDir, 'preload');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.cjs'));
  bundles = await Promise.all(names.map(async (name) => ({ name, code: await readFile(path.join(dir, name), 'utf8') })));
}, 180_000);
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('built preload bundle', () => {
  it('is one CommonJS file, index.cjs', () => {
    expect(bundles.map((b) => b.name)).toEqual(['index.cjs']);
  });

  it('requires electron and nothing else', () => {
    for (const { name, code } of bundles) {
      const calls = [...code.matchAll(/\brequire\s*\(([^)]*)\)/g)].map((m) => m[1]!.trim());
      expect(calls.length, name).toBeGreaterThan(0);
      for (const argument of calls) expect(argument, `${name}: require(${argument})`).toMatch(/^(["'`])electron\1$/);
    }
  });

  it('has no dynamic import and no ESM import of a module (a sandboxed preload cannot load one)', () => {
    for (const { name, code } of bundles) {
      expect(code, name).not.toMatch(/\bimport\s*\(/);
      expect(code, name).not.toMatch(/^\s*import\s.+from\s/m);
    }
  });
});
