/**
 * The renderer's Content Security Policy, built in one place: the main process sends it as a
 * response header and the renderer build writes it into index.html's meta tag.
 * No `electron` import here, so electron.vite.config.ts can use it too.
 */

export interface CspOptions {
  /** Vite's dev server injects component CSS as <style> elements; production loads .css files. */
  dev: boolean;
  /** CSP3 §6.4.2: frame-ancestors (and sandbox, report-uri) are ignored in a <meta> policy. */
  delivery: 'header' | 'meta';
}

export function contentSecurityPolicy(options: CspOptions): string {
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', options.dev ? "'self' 'unsafe-inline'" : "'self'"],
    ['img-src', "'self' data:"],
    // CSP3 'self' also matches ws: on the page's host and port, which covers Vite's HMR socket.
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  if (options.delivery === 'header') directives.push(['frame-ancestors', "'none'"]);
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}
