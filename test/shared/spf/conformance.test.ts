/**
 * The OpenSPF RFC 7208 test suite (release 2014.04, BSD licence), read from the team's shared
 * folder beside the checkout (DESIGN §6: not copied into the repo), run through checkHost().
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkHost, type SpfResult } from '../../../shared/spf/evaluate';
import { zoneResolver, type ZoneData } from './zone-resolver';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const suitePath = path.resolve(repoRoot, '../shared/conformance/spf/rfc7208-tests.yml');

interface SuiteCase {
  description?: string;
  spec: string | string[];
  helo: string;
  host: string;
  mailfrom: string;
  result: SpfResult | SpfResult[];
  explanation?: string;
}

interface Scenario {
  description: string;
  tests: Record<string, SuiteCase>;
  zonedata: ZoneData;
}

/**
 * Cases allowed to fail, each with the reason. Keep empty unless a case truly contradicts RFC
 * 7208; an entry here is run with `it.fails`, so it is noticed when it starts passing.
 */
const ALLOWED_FAILURES = new Map<string, string>([]);

const scenarios = parseAllDocuments(readFileSync(suitePath, 'utf8')).map((d) => d.toJS() as Scenario);

let total = 0;
let passed = 0;
const failed: string[] = [];

// The `t` and `r` macros must not make explanations depend on the machine running the suite.
const NOW = Date.UTC(2014, 3, 1);

describe('OpenSPF RFC 7208 test suite', () => {
  for (const scenario of scenarios) {
    const dns = zoneResolver(scenario.zonedata ?? {}, { spfAsTxt: true });
    describe(scenario.description, () => {
      for (const [name, t] of Object.entries(scenario.tests)) {
        total++;
        const allowed = ALLOWED_FAILURES.get(name);
        const run = allowed ? it.fails : it;
        run(`${name} (RFC 7208 ${[t.spec].flat().join(', ')})`, async () => {
          const mailfrom = String(t.mailfrom ?? '');
          const helo = String(t.helo);
          // RFC 7208 §2.4: with an empty MAIL FROM the HELO identity is checked as postmaster@helo.
          const sender = mailfrom === '' ? `postmaster@${helo}` : mailfrom;
          const domain = sender.slice(sender.lastIndexOf('@') + 1);
          const expected = [t.result].flat();
          let ok = false;
          try {
            const r = await checkHost({ ip: String(t.host), domain, sender, helo }, dns, {
              now: () => NOW,
              receiver: 'receiver.example.net',
            });
            expect(expected, `result (${r.problem ? `${r.problem.code}: ${r.problem.detail}` : 'no problem'})`).toContain(r.result);
            if (t.explanation !== undefined) {
              if (t.explanation === 'DEFAULT') {
                // "DEFAULT": no exp= explanation applies.
                expect(r.explanation, 'explanation').toBeUndefined();
              } else {
                // Compared case-insensitively: the suite writes the IPv6 nibbles of %{ir} in upper
                // case, while RFC 7208 §7.4's own example expands them in lower case.
                expect(r.explanation?.toLowerCase(), 'explanation').toBe(t.explanation.toLowerCase());
              }
            }
            ok = true;
          } finally {
            if (ok) passed++;
            else failed.push(name);
          }
        });
      }
    });
  }
});

afterAll(() => {
  console.log(
    `SPF conformance (OpenSPF RFC 7208 suite): ${passed}/${total} cases pass${failed.length ? `; failing: ${failed.join(', ')}` : ''}`,
  );
});
