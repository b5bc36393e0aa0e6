/** Svelte compiler options for the renderer (read by vite-plugin-svelte and svelte-check). */
/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  compilerOptions: {
    // Svelte 5 runes everywhere (DESIGN §3.9): legacy `export let` / `$:` is a compile error.
    runes: true,
  },
};
