/**
 * The vitest environment of the renderer's `*.svelte.test.ts` files: Node, but modules go through
 * Vite's *client* environment, so `*.svelte.ts` compile for the browser (runes live: `$derived`
 * recomputes, `$effect.root` runs) and `svelte` resolves to its browser build, as in the page.
 * No DOM: a test stubs the little it touches.
 */
import type { Environment } from 'vitest/environments';

export default {
  name: 'renderer',
  viteEnvironment: 'client',
  setup() {
    return { teardown() {} };
  },
} satisfies Environment;
