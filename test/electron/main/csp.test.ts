import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/main/csp';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  const production = directives(contentSecurityPolicy({ dev: false, delivery: 'header' }));

  it.each([
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self' data:"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ])('production header sets %s %s', (name, value) => {
    expect(production.get(name)).toBe(value);
  });

  it('never allows inline or eval scripts', () => {
    for (const dev of [false, true]) {
      const script = directives(contentSecurityPolicy({ dev, delivery: 'header' })).get('script-src');
      expect(script).toBe("'self'");
    }
  });

  it("relaxes only style-src for Vite's dev server", () => {
    const dev = directives(contentSecurityPolicy({ dev: true, delivery: 'header' }));
    expect(dev.get('style-src')).toBe("'self' 'unsafe-inline'");
    for (const [name, value] of production) if (name !== 'style-src') expect(dev.get(name)).toBe(value);
  });

  it('leaves frame-ancestors out of the meta policy (CSP3: ignored there)', () => {
    expect(directives(contentSecurityPolicy({ dev: false, delivery: 'meta' })).has('frame-ancestors')).toBe(false);
  });

  it('renderer/index.html carries the production meta policy', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(match?.[1]).toBe(contentSecurityPolicy({ dev: false, delivery: 'meta' }));
  });
});
