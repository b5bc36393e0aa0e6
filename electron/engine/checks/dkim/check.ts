/**
 * DKIM: key records at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1). Selectors cannot be
 * listed from DNS, so we try the user's, Exchange Online's and common ones; a selector we did not
 * find is not evidence that DKIM is missing. Key size per DESIGN §4 and RFC 8301 §3.2.
 */
import type { Evidence } from '../../../../shared/assessment';
import { DnsError, recordText, txtValue, type LookupResult, type RecordOfType } from '../../../../shared/dns';
import {
  exchangeOnlineDomainLabel,
  isDkimKeyCandidate,
  parseDkimKeyRecord,
  parseExchangeOnlineDkimTarget,
  type DkimProblem,
} from '../../../../shared/dkim';
import { worstStatus } from '../../../../shared/status';
import { defineCheck, dnsEvidence, type FindingOf, type OutputOf } from '../../check';
import { dkimSpec, type DkimSelectorResult, type ExchangeOnlineDkim, type SelectorSource } from './spec';

/** Exchange Online always uses these two (Microsoft Learn, DKIM for custom domains). */
export const EXCHANGE_ONLINE_SELECTORS = ['selector1', 'selector2'] as const;

/** Defaults of widely used signers; short on purpose, every name is one more query. */
export const COMMON_SELECTORS = [
  'google', // Google Workspace's default prefix
  'default', // cPanel / DirectAdmin hosting, OpenDKIM examples
  'dkim', // rspamd's default selector
  'mail', // common OpenDKIM / Postfix guides
  'k1', // Mailchimp / Mandrill, Mailgun
  'k2', // Mailchimp (k2/k3 pair)
  'k3',
  'mandrill', // Mandrill
  's1', // SendGrid (s1/s2 pair)
  's2',
  'smtp', // Mailgun (older accounts)
  'mx', // Mailgun (older accounts)
  'everlytic', // Everlytic
  'mxvault', // MXVault
] as const;

const CONCURRENCY = 4;

type TxtLookup = LookupResult<RecordOfType<'TXT'>>;

/** User's selectors first, then Exchange Online's, then the common list; each once. */
export function selectorPlan(userSelectors: readonly string[]): { selector: string; source: SelectorSource }[] {
  const out: { selector: string; source: SelectorSource }[] = [];
  const seen = new Set<string>();
  const add = (selector: string, source: SelectorSource) => {
    const s = selector.toLowerCase();
    if (seen.has(s)) return;
    seen.add(s);
    out.push({ selector: s, source });
  };
  for (const s of userSelectors) add(s, 'user');
  for (const s of EXCHANGE_ONLINE_SELECTORS) add(s, 'exchange-online');
  for (const s of COMMON_SELECTORS) add(s, 'common');
  return out;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      signal.throwIfAborted();
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function evidenceOf(name: string, result: TxtLookup | undefined, failure: { kind: string } | undefined): Evidence {
  if (result) return dnsEvidence(result, [...result.cnames.map((c) => `CNAME ${c}.`), ...result.records.map(recordText)]);
  return dnsEvidence({ name, type: 'TXT', rcode: failure?.kind ?? 'unknown' }, []);
}

export const dkimCheck = defineCheck(dkimSpec, {
  async run(ctx): Promise<OutputOf<typeof dkimSpec>> {
    const domain = ctx.domain;
    const plan = selectorPlan(ctx.request.dkimSelectors);
    const findings: FindingOf<typeof dkimSpec>[] = [];
    const evidenceBySelector = new Map<string, Evidence>();

    const results = await mapLimit(plan, CONCURRENCY, ctx.signal, async ({ selector, source }): Promise<DkimSelectorResult> => {
      const name = `${selector}._domainkey.${domain}`;
      ctx.progress.target(name, 'started');
      let result: TxtLookup | undefined;
      let failure: { kind: string; message: string } | undefined;
      try {
        result = await ctx.dns.lookup(name, 'TXT');
        if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN')
          failure = { kind: result.rcode, message: `server answered ${result.rcode}` };
      } catch (error) {
        if (!(error instanceof DnsError) || error.kind === 'aborted') throw error;
        failure = { kind: error.kind, message: error.message };
      }
      evidenceBySelector.set(selector, evidenceOf(name, result, failure));
      const records = failure ? [] : (result?.records ?? []).map(txtValue);
      const base = {
        selector,
        name,
        source,
        ...(result ? { rcode: result.rcode } : {}),
        cnames: result?.cnames ?? [],
        records,
        ...(failure ? { failure } : {}),
        problems: [] as DkimProblem[],
      };
      if (failure) return { ...base, outcome: 'dns_error' };
      const candidates = records.filter(isDkimKeyCandidate);
      if (candidates.length === 0) return { ...base, outcome: base.cnames.length > 0 ? 'cname_no_key' : 'not_found' };
      const parsed = parseDkimKeyRecord(candidates[0]!);
      const outcome = parsed.record?.revoked ? 'revoked' : parsed.usable ? 'key' : 'invalid';
      return { ...base, outcome, problems: parsed.problems, ...(parsed.record ? { keyRecord: parsed.record } : {}) };
    });

    const exchangeOnline: ExchangeOnlineDkim = { selectors: [], cnameTargets: [] };
    const expectedLabel = exchangeOnlineDomainLabel(domain);

    for (const r of results) {
      const evidence = [evidenceBySelector.get(r.selector)!];
      const own: FindingOf<typeof dkimSpec>[] = [];
      const at = { target: r.name };
      const sel = { selector: r.selector };

      const exo = (EXCHANGE_ONLINE_SELECTORS as readonly string[]).includes(r.selector)
        ? r.cnames.map((c) => ({ target: c, parsed: parseExchangeOnlineDkimTarget(c) })).find((c) => c.parsed)
        : undefined;
      if (exo?.parsed) {
        const domainMatches = exo.parsed.domainLabel === expectedLabel;
        exchangeOnline.selectors.push(r.selector);
        exchangeOnline.tenant ??= exo.parsed.tenant;
        exchangeOnline.format ??= exo.parsed.format;
        exchangeOnline.cnameTargets.push({
          selector: r.selector,
          target: exo.target,
          keyPublished: r.outcome === 'key' || r.outcome === 'invalid' || r.outcome === 'revoked',
          domainMatches,
        });
        // The CNAME names another domain's key (copied from elsewhere): EXO signs with this domain's key, so verification fails.
        if (!domainMatches) {
          own.push({
            status: 'warning',
            key: 'finding.dkim.exo_domain_mismatch',
            ...at,
            params: { ...sel, target: exo.target, expected: `${r.selector}-${expectedLabel}` },
            evidence,
          });
        }
      }

      switch (r.outcome) {
        case 'dns_error':
          own.push({
            status: 'error',
            key: 'finding.dkim.dns_error',
            ...at,
            params: { ...sel, name: r.name, reason: r.failure?.kind ?? null },
            evidence,
          });
          break;
        case 'not_found':
          if (r.source === 'user')
            own.push({ status: 'warning', key: 'finding.dkim.selector_not_found', ...at, params: { ...sel, name: r.name }, evidence });
          break;
        case 'cname_no_key': {
          const target = r.cnames[r.cnames.length - 1]!;
          // Exchange Online answers the CNAME target only once DKIM signing is enabled for the domain.
          if (exo?.parsed)
            own.push({
              status: 'warning',
              key: 'finding.dkim.exo_not_enabled',
              ...at,
              params: { ...sel, target: exo.target, tenant: exo.parsed.tenant },
              evidence,
            });
          else own.push({ status: 'warning', key: 'finding.dkim.cname_no_key', ...at, params: { ...sel, target }, evidence });
          break;
        }
        case 'revoked':
          // §3.6.1: an empty p= is how a signer retires a key on purpose.
          own.push({ status: 'info', key: 'finding.dkim.revoked', ...at, params: sel, evidence });
          break;
        case 'invalid':
          for (const p of r.problems) {
            own.push({
              status: 'fail',
              key: `finding.dkim.${p.code}`,
              ...at,
              params: { ...sel, tag: p.tag ?? null, value: p.value ?? null, detail: p.detail ?? null },
              evidence,
            });
          }
          break;
        case 'key': {
          const key = r.keyRecord!.key!;
          const params = { ...sel, type: key.type, bits: key.bits };
          // DESIGN §4: RSA ≥2048 recommended, 1024 a warning; RFC 8301 §3.2: signers MUST NOT use less than 1024.
          if (key.type === 'rsa' && key.bits < 1024)
            own.push({ status: 'fail', key: 'finding.dkim.key_too_short', ...at, params, evidence });
          else if (key.type === 'rsa' && key.bits < 2048)
            own.push({ status: 'warning', key: 'finding.dkim.key_weak', ...at, params, evidence });
          else own.push({ status: 'pass', key: 'finding.dkim.key', ...at, params, evidence });
          if (r.keyRecord!.testing) own.push({ status: 'warning', key: 'finding.dkim.testing', ...at, params: sel, evidence });
          break;
        }
      }
      // §3.6.2.2: several key records at one selector give undefined results.
      const count = r.records.filter(isDkimKeyCandidate).length;
      if (count > 1) own.push({ status: 'warning', key: 'finding.dkim.multiple_records', ...at, params: { ...sel, count }, evidence });

      findings.push(...own);
      ctx.progress.target(r.name, 'finished', worstStatus(own.map((f) => f.status)));
    }

    const found = results.filter((r) => r.outcome === 'key' || r.outcome === 'revoked' || r.outcome === 'invalid').map((r) => r.selector);
    const answered = results.filter((r) => r.outcome !== 'dns_error');
    if (answered.length > 0) {
      const allEvidence = answered.map((r) => evidenceBySelector.get(r.selector)!);
      if (found.length === 0) {
        // Not a failure by itself: the domain may sign with a selector we could not guess.
        findings.push({
          status: 'not_tested',
          key: 'finding.dkim.none_found',
          params: { domain, tried: answered.map((r) => r.selector) },
          evidence: allEvidence,
        });
      } else {
        const notFound = answered.filter((r) => !found.includes(r.selector)).map((r) => r.selector);
        findings.push({ status: 'info', key: 'finding.dkim.summary', params: { domain, found, notFound }, evidence: allEvidence });
      }
    }

    return { data: { domain, selectors: results, found, exchangeOnline }, findings };
  },
});
