/**
 * electron-vite build of the three targets into out/ (STACK-NOTES: our folder names differ from
 * electron-vite's defaults, so every entry is spelled out).
 *   out/main/index.js    Electron main process (ESM, "type": "module")
 *   out/main/cli.js      headless CLI, run by bin/mailaudit.js under plain Node
 *   out/preload/index.cjs  sandboxed preload: CommonJS, self-contained
 *   out/renderer/        the Svelte page
 */
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './electron/main/csp';

const root = import.meta.dirname;
const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/;

/** Writes the policy from csp.ts into index.html: strict in builds, relaxed for the dev server. */
function cspMeta(): Plugin {
  return {
    name: 'mailaudit:csp-meta',
    transformIndexHtml(html, context) {
      if (!CSP_META.test(html)) throw new Error('renderer/index.html lost its Content-Security-Policy meta tag');
      const policy = contentSecurityPolicy({ dev: context.server !== undefined, delivery: 'meta' });
      return html.replace(CSP_META, (_whole, before: string, after: string) => `${before}${policy}${after}`);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      lib: {
        entry: {
          index: resolve(root, 'electron/main/index.ts'),
          cli: resolve(root, 'electron/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      lib: {
        entry: { index: resolve(root, 'electron/preload/index.ts') },
        formats: ['cjs'],
      },
      // A sandboxed preload can require only `electron` and a few Node built-ins: bundle the rest.
      externalizeDeps: false,
      rolldownOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
    plugins: [svelte({ configFile: resolve(root, 'renderer/svelte.config.js') }), cspMeta()],
  },
});
