import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import ClosingLineReporter from './test/closing-line-reporter';

const root = import.meta.dirname;

/** Unit tests of the renderer's rune state classes (`*.svelte.ts`), beside the plain Node tests. */
const SVELTE_TESTS = 'test/**/*.svelte.test.ts';

const common: TestProjectInlineConfiguration['test'] = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // Lab servers bind loopback ports; keep files in separate processes.
  pool: 'forks',
  // Tests reach nothing but this machine; the engine refuses other addresses (loopback-guard.ts).
  env: { MAILAUDIT_LOOPBACK_ONLY: '1' },
};

export default defineConfig({
  test: {
    reporters: ['default', new ClosingLineReporter()],
    projects: [
      {
        test: { ...common, name: 'node', include: ['test/**/*.test.ts'], exclude: [SVELTE_TESTS] },
      },
      {
        // Compiled as the page compiles them: the renderer's Svelte options (runes everywhere), for
        // the browser — Vite's client environment and `svelte`'s browser build — so `$derived`
        // recomputes and `$effect.root` runs. No DOM: a test stubs the little it touches.
        plugins: [svelte({ configFile: resolve(root, 'renderer/svelte.config.js') })],
        resolve: { conditions: ['browser'] },
        test: { ...common, name: 'renderer', include: [SVELTE_TESTS], environment: './test/support/renderer-environment.ts' },
      },
    ],
  },
});
