/**
 * DMARC: the published policy for the assessed domain (RFC 9989), judged against DESIGN §4:
 * p=quarantine or p=reject is required (NCSC-NL, internet.nl), reports should be collected, and
 * report destinations in another organisation must have consented (§7.1).
 */
import type { Evidence } from '../../../../shared/assessment';
import { recordText } from '../../../../shared/dns';
import {
  comparePolicies,
  discoverDmarc,
  externalDestinations,
  looksLikeDmarc,
  verifyExternalDestination,
  type DmarcLookup,
  type DmarcPolicy,
  type DmarcProblem,
  type DmarcRecord,
} from '../../../../shared/dmarc';
import { worstStatus } from '../../../../shared/status';
import { defineCheck, dnsEvidence, type FindingOf, type OutputOf } from '../../check';
import { dmarcSpec, type DmarcResult } from './spec';

type DmarcFinding = FindingOf<typeof dmarcSpec>;

function lookupEvidence(l: { name: string; result?: DmarcLookup['result']; failure?: { kind: string } }): Evidence {
  if (l.result) return dnsEvidence(l.result, l.result.records.map(recordText));
  return dnsEvidence({ name: l.name, type: 'TXT', rcode: l.failure?.kind ?? 'unknown' }, []);
}

function problemFinding(problem: DmarcProblem, evidence: Evidence[]): DmarcFinding {
  const status = problem.severity === 'error' ? 'fail' : 'warning';
  const params = { tag: problem.tag ?? null, value: problem.value ?? null };
  switch (problem.code) {
    case 'malformed_tag':
      return { status, key: 'finding.dmarc.malformed_tag', params: { text: problem.value ?? '' }, evidence };
    case 'invalid_value':
      // RFC 9989 §4.10.1: an invalid p, sp or np changes how the whole record is treated
      if (problem.tag === 'p' || problem.tag === 'sp' || problem.tag === 'np')
        return { status, key: 'finding.dmarc.invalid_policy', params, evidence };
      if (problem.tag === 't') return { status, key: 'finding.dmarc.invalid_testing', params, evidence };
      if (problem.tag === 'psd') return { status, key: 'finding.dmarc.invalid_psd', params, evidence };
      return { status, key: 'finding.dmarc.invalid_value', params: { ...params, expected: problem.expected ?? null }, evidence };
    case 'invalid_uri':
    case 'unsupported_uri':
    case 'invalid_size':
      return { status, key: `finding.dmarc.${problem.code}`, params: { tag: problem.tag ?? null, uri: problem.value ?? '' }, evidence };
    case 'obsolete_size':
      // RFC 9989 §4.8 obs-dmarc-report-size, Appendix C.4: reporters ignore it, the address still works.
      return {
        status: 'info',
        key: 'finding.dmarc.obsolete_size',
        params: { tag: problem.tag ?? null, uri: problem.value ?? '' },
        evidence,
      };
    case 'historic_tag':
      // reported with the policy in force, see historicFinding
      throw new Error('historic tags are reported by historicFinding');
    default:
      return { status, key: `finding.dmarc.${problem.code}`, params, evidence };
  }
}

/**
 * pct, rf and ri are historic (RFC 9989 §9, Appendix C.5.2): RFC 9989 receivers do not read them.
 * pct matters most: they apply the policy to all failing mail, whatever share pct names; pct=0 was
 * used as a testing signal, which t=y now carries (Appendix A.6).
 */
function historicFinding(tag: string, record: DmarcRecord, value: string, policy: DmarcPolicy, evidence: Evidence[]): DmarcFinding {
  if (tag === 'rf') return { status: 'info', key: 'finding.dmarc.historic_rf', params: { value }, evidence };
  if (tag === 'ri') return { status: 'info', key: 'finding.dmarc.historic_ri', params: { value }, evidence };
  const pct = record.pct;
  const params = { value, pct, policy };
  if (!/^\d{1,3}$/.test(value) || pct === 100) return { status: 'info', key: 'finding.dmarc.historic_pct', params, evidence };
  if (pct === 0) return { status: 'warning', key: 'finding.dmarc.historic_pct_zero', params, evidence };
  return { status: 'warning', key: 'finding.dmarc.historic_pct_partial', params, evidence };
}

const MILDER: Record<DmarcPolicy, DmarcPolicy> = { none: 'none', quarantine: 'none', reject: 'quarantine' };

export const dmarcCheck = defineCheck(dmarcSpec, {
  async run(ctx): Promise<OutputOf<typeof dmarcSpec>> {
    const domain = ctx.domain;
    const findings: DmarcFinding[] = [];
    const progressName = `_dmarc.${domain}`;
    ctx.progress.target(progressName, 'started');

    const discovery = await discoverDmarc(ctx.dns, domain, ctx.signal);
    // The lookups that led to the policy; the rest of the walk only placed the organisational domain.
    const policyLookups = discovery.lookups.slice(0, discovery.policyLookups);
    const evidence = policyLookups.map(lookupEvidence);
    const data: DmarcResult = {
      domain,
      organizationalDomain: discovery.organizationalDomain,
      outcome: discovery.outcome,
      lookups: discovery.lookups.map((l) => ({
        name: l.name,
        ...(l.result ? { rcode: l.result.rcode } : {}),
        records: [...l.dmarc, ...l.discarded],
        cnames: l.result?.cnames ?? [],
        ...(l.failure ? { failure: l.failure } : {}),
      })),
      problems: [],
      externalDestinations: [],
    };
    const finish = (): OutputOf<typeof dmarcSpec> => {
      ctx.progress.target(progressName, 'finished', worstStatus(findings.map((f) => f.status)));
      return { data, findings };
    };

    // RFC 9989 §4.10 step 2 discards TXT not starting with v=DMARC1; one that clearly meant to be DMARC is a mistake worth naming.
    for (const l of policyLookups) {
      for (const text of l.discarded.filter(looksLikeDmarc)) {
        findings.push({
          status: 'warning',
          key: 'finding.dmarc.discarded_record',
          params: { name: l.name, record: text },
          evidence: [lookupEvidence(l)],
        });
      }
    }

    if (discovery.outcome === 'dns_error') {
      const failed = policyLookups.find((l) => l.failure) ?? policyLookups[policyLookups.length - 1]!;
      findings.push({
        status: 'error',
        key: 'finding.dmarc.dns_error',
        params: { name: failed.name, reason: failed.failure?.kind ?? null },
        evidence,
      });
      return finish();
    }
    // §4.10 step 2: several records at the domain are all discarded; a parent's record may apply instead.
    const own = discovery.lookups[0]!;
    if (own.dmarc.length > 1) {
      findings.push({
        status: 'fail',
        key: 'finding.dmarc.multiple',
        params: { name: own.name, count: own.dmarc.length, records: own.dmarc },
        evidence,
      });
    }
    if (discovery.outcome === 'none') {
      findings.push({
        status: 'fail',
        key: 'finding.dmarc.missing',
        params: { domain, queried: discovery.lookups.map((l) => l.name) },
        evidence,
      });
      return finish();
    }
    const policyDomain = discovery.policyDomain!;
    Object.assign(data, { policyDomain, source: discovery.source });
    if (discovery.outcome === 'multiple') return finish();

    const parsed = discovery.parsed!;
    const { record, evaluation } = parsed;
    Object.assign(data, { record: discovery.text, parsed: record, problems: parsed.problems, evaluation });
    const inherited = discovery.source !== 'domain';
    if (inherited) {
      findings.push({ status: 'info', key: 'finding.dmarc.inherited', params: { domain, policyDomain }, evidence });
    }
    // RFC 9989 §4.10.1: a subdomain that inherits is governed by sp (it exists, so np does not apply), else p.
    const applied = evaluation.usable ? (inherited ? evaluation.subdomainPolicy : evaluation.policy)! : 'none';
    for (const problem of parsed.problems) {
      if (problem.code === 'historic_tag') findings.push(historicFinding(problem.tag!, record, problem.value ?? '', applied, evidence));
      else findings.push(problemFinding(problem, evidence));
    }

    if (!evaluation.usable) {
      // §4.10.1: no valid p (or an invalid sp/np) and no valid rua — receivers apply no DMARC.
      findings.push({ status: 'fail', key: 'finding.dmarc.ignored', params: { name: `_dmarc.${policyDomain}` }, evidence });
      return finish();
    }

    const tag = inherited && record.sp !== undefined && !evaluation.assumedNone ? 'sp' : 'p';
    data.appliedPolicy = applied;
    const policyParams = { domain, policyDomain, policy: applied, tag };
    if (applied === 'none') {
      findings.push({ status: 'fail', key: 'finding.dmarc.policy_none', params: policyParams, evidence });
    } else {
      findings.push({ status: 'pass', key: `finding.dmarc.policy_${applied}`, params: policyParams, evidence });
      // RFC 9989 §4.7 t=y: receivers apply the policy one level lower; quarantine so becomes none, no protection yet.
      if (record.testing) {
        findings.push({
          status: applied === 'quarantine' ? 'fail' : 'warning',
          key: 'finding.dmarc.testing_mode',
          params: { policy: applied, effective: MILDER[applied] },
          evidence,
        });
      }
    }

    // RFC 9989 §4.7 psd: only a public suffix operator says y; n fixes the organisational domain here.
    if (!inherited && record.psd === 'y')
      findings.push({ status: 'warning', key: 'finding.dmarc.psd_yes', params: { domain: policyDomain }, evidence });
    if (!inherited && record.psd === 'n')
      findings.push({ status: 'info', key: 'finding.dmarc.psd_no', params: { domain: policyDomain }, evidence });

    if (!inherited && evaluation.policy) {
      if (record.sp !== undefined && comparePolicies(record.sp, evaluation.policy) < 0) {
        findings.push({
          status: 'warning',
          key: 'finding.dmarc.subdomain_policy_weaker',
          params: { tag: 'sp', p: evaluation.policy, value: record.sp },
          evidence,
        });
      }
      const sub = evaluation.subdomainPolicy ?? evaluation.policy;
      if (record.np !== undefined && comparePolicies(record.np, sub) < 0) {
        findings.push({
          status: 'warning',
          key: 'finding.dmarc.subdomain_policy_weaker',
          params: { tag: 'np', p: sub, value: record.np },
          evidence,
        });
      } else if (record.np !== undefined) {
        findings.push({ status: 'info', key: 'finding.dmarc.np_policy', params: { domain: policyDomain, policy: record.np }, evidence });
      }
    }

    if (record.rua.length === 0)
      findings.push({ status: 'warning', key: 'finding.dmarc.no_rua', params: { domain: policyDomain }, evidence });
    else findings.push({ status: 'pass', key: 'finding.dmarc.rua', params: { addresses: record.rua.map((u) => u.address) }, evidence });
    // Failure reports can carry message headers and content: a privacy matter, and many receivers never send them.
    if (record.ruf.length > 0)
      findings.push({ status: 'info', key: 'finding.dmarc.ruf', params: { addresses: record.ruf.map((u) => u.address) }, evidence });

    const alignKey =
      record.adkim === 's' && record.aspf === 's'
        ? 'finding.dmarc.alignment_strict'
        : record.adkim === 'r' && record.aspf === 'r'
          ? 'finding.dmarc.alignment_relaxed'
          : record.adkim === 's'
            ? 'finding.dmarc.alignment_strict_dkim'
            : 'finding.dmarc.alignment_strict_spf';
    findings.push({ status: 'info', key: alignKey, params: { adkim: record.adkim, aspf: record.aspf }, evidence });

    const destinations = await externalDestinations(ctx.dns, policyDomain, discovery.organizationalDomain, record, ctx.signal);
    const verified = await Promise.all(
      destinations.map(async (dest) => {
        ctx.signal.throwIfAborted();
        ctx.progress.target(dest.queryName, 'started');
        const v = await verifyExternalDestination(ctx.dns, dest);
        ctx.progress.target(
          dest.queryName,
          'finished',
          v.outcome === 'authorized' ? 'pass' : v.outcome === 'dns_error' ? 'error' : 'warning',
        );
        return v;
      }),
    );
    for (const v of verified) {
      data.externalDestinations.push({
        host: v.host,
        tags: v.tags,
        addresses: v.addresses,
        queryName: v.queryName,
        outcome: v.outcome,
        records: v.records,
        ...(v.overrides ? { overrides: v.overrides } : {}),
      });
      const ev = [
        lookupEvidence({ name: v.queryName, ...(v.result ? { result: v.result } : {}), ...(v.failure ? { failure: v.failure } : {}) }),
        ...evidence,
      ];
      const params = { host: v.host, name: v.queryName, tags: v.tags, addresses: v.addresses };
      if (v.outcome === 'authorized') {
        findings.push({ status: 'pass', key: 'finding.dmarc.external_authorized', target: v.host, params, evidence: ev });
      } else if (v.outcome === 'not_authorized') {
        // §7.1: the receiver of the reports publishes this; without it compliant senders drop the reports.
        findings.push({
          status: 'warning',
          key: 'finding.dmarc.external_not_authorized',
          target: v.host,
          params: { ...params, record: 'v=DMARC1' },
          evidence: ev,
        });
      } else {
        findings.push({
          status: 'error',
          key: 'finding.dmarc.external_dns_error',
          target: v.host,
          params: { ...params, reason: v.failure?.kind ?? null },
          evidence: ev,
        });
      }
    }
    return finish();
  },
});
