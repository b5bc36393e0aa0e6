/**
 * SPF (RFC 7208): the domain's record, its syntax, the include/redirect tree, the DNS lookup and
 * void lookup limits of §4.6.4, and what the record says about mail from unlisted servers.
 */
import type { Evidence, ParamValue } from '../../../../shared/assessment';
import { distinctByJson } from '../../../../shared/distinct';
import { analyzeSpf, TXT_SIZE_GUIDELINE, type LookupLog, type SpfAnalysis, type SpfIssue } from '../../../../shared/spf/analyze';
import { formatIp } from '../../../../shared/spf/ip';
import type { Term } from '../../../../shared/spf/parse';
import type { FindingStatus } from '../../../../shared/status';
import type { FindingKeyOf } from '../../check-spec';
import { defineCheck, dnsEvidence, expectAnswer, type FindingOf, type OutputOf } from '../../check';
import { authorizesServers, type ServerAuthorizations } from '../../../../shared/spf/authorize';
import { mxSpec, type MxResult } from '../mx/spec';
import { exchangeOnlineMxZone } from '../platform/spec';
import { spfSpec, type SpfTermSummary } from './spec';

export const SPF_LOOKUP_LIMIT = 10;

function summarize(t: Term): SpfTermSummary {
  if (t.type === 'modifier') return { text: t.text, type: 'modifier', name: t.name, value: t.value };
  return {
    text: t.text,
    type: 'mechanism',
    name: t.kind,
    qualifier: t.qualifier,
    ...(t.domainSpec !== undefined ? { value: t.domainSpec } : t.network ? { value: formatIp(t.network) } : {}),
    ...(t.cidr4 !== undefined ? { cidr4: t.cidr4 } : {}),
    ...(t.cidr6 !== undefined ? { cidr6: t.cidr6 } : {}),
  };
}

const evidenceOf = (l: LookupLog): Evidence => dnsEvidence(l, l.records);

export const spfCheck = defineCheck(spfSpec, {
  async run(ctx): Promise<OutputOf<typeof spfSpec>> {
    const domain = ctx.domain;
    ctx.progress.target(domain, 'started');
    // A failed lookup of the domain's own TXT says nothing about SPF: the attempt ends in error.
    const txt = expectAnswer(await ctx.dns.lookup(domain, 'TXT'));
    const analysis = await analyzeSpf(domain, ctx.dns, { rootTxt: txt, signal: ctx.signal });
    const findings = findingsOf(analysis);
    const servers = ownServers(ctx.resultOf(mxSpec));
    const authorization =
      analysis.record && servers.length > 0
        ? await authorizesServers(
            ctx.dns,
            domain,
            servers.map((s) => s.address),
            ctx.signal,
          )
        : undefined;
    if (authorization) findings.push(...authorizationFindings(authorization, servers));
    const { record, strings, terms, issues: _issues, lookups: _lookups, ...rest } = analysis;
    const worst = findings.some((f) => f.status === 'fail') ? 'fail' : findings.some((f) => f.status === 'warning') ? 'warning' : 'pass';
    ctx.progress.target(domain, 'finished', worst);
    return {
      data: {
        ...rest,
        record: record ?? null,
        strings: strings ?? [],
        terms: terms.map(summarize),
        lookupLimit: SPF_LOOKUP_LIMIT,
        ...(authorization ? { authorization } : {}),
      },
      findings,
    };
  },
});

interface OwnServer {
  host: string;
  address: string;
  source: 'mx' | 'request';
}

/**
 * The organisation's own servers the assessment knows: MX hosts it runs itself, and the user's
 * extra hosts. Exchange Online's inbound hosts send nothing themselves; its outbound ranges are in
 * its SPF include.
 */
function ownServers(mx: MxResult | undefined): OwnServer[] {
  if (!mx) return [];
  const fromMx = mx.hosts
    .filter((h) => !h.problem && !exchangeOnlineMxZone(h.exchange))
    .flatMap((h) => [...h.ipv4, ...h.ipv6].map((address) => ({ host: h.exchange, address, source: 'mx' as const })));
  const fromRequest = mx.extraHosts.flatMap((h) =>
    [...h.ipv4, ...h.ipv6].map((address) => ({ host: h.name, address, source: 'request' as const })),
  );
  const seen = new Set<string>();
  return [...fromRequest, ...fromMx].filter((s) => !seen.has(s.address) && seen.add(s.address));
}

/**
 * check_host() for each own server (RFC 7208 §2.4, §4): a server the record does not authorise
 * fails SPF for everything it sends. An MX may only receive mail, so this is a warning that names
 * the server, not a fail of the record.
 */
function authorizationFindings(auth: ServerAuthorizations, servers: OwnServer[]): FindingOf<typeof spfSpec>[] {
  return auth.results.flatMap((r): FindingOf<typeof spfSpec>[] => {
    const server = servers.find((s) => s.address === r.ip);
    if (!server) return [];
    const params = {
      domain: auth.domain,
      host: server.host,
      address: r.ip,
      result: r.result,
      term: r.mechanism?.term ?? null,
      source: server.source,
    };
    const evidence: Evidence[] = [{ type: 'address', host: server.host, address: r.ip }];
    if (r.result === 'pass') return [{ status: 'pass', key: 'finding.spf.own_server_authorized', target: server.host, params, evidence }];
    // temperror/permerror: the lookup or the record is at fault; other findings say which.
    if (r.result === 'temperror' || r.result === 'permerror')
      return [
        {
          status: 'info',
          key: 'finding.spf.own_server_undetermined',
          target: server.host,
          params: { ...params, detail: r.problem?.detail ?? null },
          evidence,
        },
      ];
    return [{ status: 'warning', key: 'finding.spf.own_server_not_authorized', target: server.host, params, evidence }];
  });
}

type SpfWhat = FindingKeyOf<typeof spfSpec> extends `finding.spf.${infer W}` ? W : never;

/** Findings from an analysis; exported for the tests and for re-rendering saved data. */
export function findingsOf(a: SpfAnalysis): FindingOf<typeof spfSpec>[] {
  const root = a.domain;
  const rootLookup = a.lookups.find((l) => l.name === root && l.type === 'TXT');
  const rootEvidence = rootLookup ? [evidenceOf(rootLookup)] : [];
  const findings: FindingOf<typeof spfSpec>[] = [];

  const add = (
    status: FindingStatus,
    what: SpfWhat,
    issue: SpfIssue | undefined,
    params: Record<string, ParamValue>,
    extra: Evidence[] = [],
  ) => {
    const lookups = issue?.lookups.length ? issue.lookups : [];
    const evidence = [...(lookups.length ? lookups.map(evidenceOf) : rootEvidence), ...extra];
    const target = issue && issue.domain !== root ? issue.domain : undefined;
    findings.push({ status, key: `finding.spf.${what}`, params, evidence: distinctByJson(evidence), ...(target ? { target } : {}) });
  };
  const syntaxEvidence = (issue: SpfIssue): Evidence[] =>
    (issue.errors ?? []).map((e) => ({
      type: 'text',
      key: `spf.syntax.${e.code}`,
      value: e.term === e.detail ? e.term : `${e.term} (${e.detail})`,
    }));

  for (const issue of a.issues) {
    switch (issue.code) {
      case 'no_record':
        add('fail', 'missing', issue, { domain: root });
        break;
      case 'domain_not_found':
        add('fail', 'domain_not_found', issue, { domain: root });
        break;
      case 'multiple_records':
        add('fail', 'multiple', issue, { domain: root, count: a.records.length, records: a.records });
        break;
      case 'syntax_error':
        for (const e of issue.errors ?? []) {
          add('fail', 'syntax_error', issue, { domain: issue.domain, term: e.term, code: e.code, rfc: e.rfc }, [
            { type: 'text', key: `spf.syntax.${e.code}`, value: e.term === e.detail ? e.term : `${e.term} (${e.detail})` },
          ]);
        }
        break;
      case 'include_failed':
      case 'redirect_failed': {
        const invalid = issue.detail === 'syntax_error' || issue.detail === 'multiple';
        const parent = issue.path[issue.path.length - 2] ?? root;
        const what = `${issue.code === 'include_failed' ? 'include' : 'redirect'}_${invalid ? 'invalid' : 'failed'}` as const;
        findings.push({
          status: 'fail',
          key: `finding.spf.${what}`,
          params: { domain: parent, name: issue.domain, term: issue.term ?? '', reason: issue.detail ?? '' },
          evidence: distinctByJson([...issue.lookups.map(evidenceOf), ...syntaxEvidence(issue)]),
          ...(parent !== root ? { target: parent } : {}),
        });
        break;
      }
      case 'loop':
        add('fail', 'loop', issue, { domain: root, path: issue.path.join(' → ') });
        break;
      case 'too_many_lookups':
        add('fail', 'too_many_lookups', issue, { domain: root, count: a.lookupCount, limit: SPF_LOOKUP_LIMIT, chain: a.chain }, [
          { type: 'text', key: 'spf.evidence.chain', value: a.chain.join('\n') },
        ]);
        break;
      case 'too_many_void_lookups':
        add('fail', 'too_many_void_lookups', issue, { domain: root, count: a.voidLookups.length, names: a.voidLookups.map((v) => v.name) });
        break;
      case 'void_lookup':
        // Aggregated below.
        break;
      case 'too_many_mx_names':
        add('fail', 'too_many_mx_names', issue, { domain: issue.domain, term: issue.term ?? '', count: Number(issue.detail) });
        break;
      case 'plus_all':
        if (issue.domain === root) add('fail', 'plus_all', issue, { domain: root, term: issue.term ?? '+all' });
        else
          add('fail', 'plus_all_include', issue, {
            domain: root,
            name: issue.domain,
            term: issue.term ?? '+all',
            path: issue.path.join(' → '),
          });
        break;
      case 'neutral_all':
        add('warning', 'neutral_all', issue, { domain: issue.domain });
        break;
      case 'no_all':
        add('warning', 'no_all', issue, { domain: issue.domain });
        break;
      case 'soft_all':
        add('info', 'soft_all', issue, { domain: issue.domain });
        break;
      case 'ptr_used':
        add('warning', 'ptr_used', issue, { domain: issue.domain, term: issue.term ?? 'ptr' });
        break;
      case 'deprecated_spf_rr':
        if (issue.detail === 'same') add('info', 'deprecated_spf_rr', issue, { domain: root });
        else add('warning', 'deprecated_spf_rr_differs', issue, { domain: root, records: a.spfRrRecords });
        break;
      case 'long_record':
        add('warning', 'long_record', issue, { domain: issue.domain, size: Number(issue.detail), limit: TXT_SIZE_GUIDELINE });
        break;
      case 'string_too_long':
        add('fail', 'string_too_long', issue, { domain: issue.domain, length: Number(issue.detail) });
        break;
      case 'unknown_modifier':
        add('info', 'unknown_modifier', issue, { domain: issue.domain, term: issue.term ?? '' });
        break;
      case 'terms_after_all':
        add('info', 'terms_after_all', issue, { domain: issue.domain, all: issue.term ?? 'all', terms: issue.detail ?? '' });
        break;
      case 'redirect_ignored':
        add('info', 'redirect_ignored', issue, { domain: issue.domain, term: issue.term ?? '' });
        break;
      case 'macro_target':
        add('info', 'macro_target', issue, { domain: issue.domain, term: issue.term ?? '' });
        break;
      case 'dns_error': {
        // Either an include/redirect target's TXT lookup (detail "dns_error") or a probe of a term's name.
        const ofTarget = issue.detail === 'dns_error';
        const holder = ofTarget ? (issue.path[issue.path.length - 2] ?? root) : issue.domain;
        const name = ofTarget ? issue.domain : (issue.detail ?? issue.domain);
        const failed = issue.lookups.find((l) => l.rcode !== 'NOERROR' && l.rcode !== 'NXDOMAIN');
        add('warning', 'lookup_error', { ...issue, domain: holder }, { domain: holder, name, rcode: failed?.rcode ?? '' });
        break;
      }
      case 'analysis_truncated':
        add('warning', 'analysis_truncated', issue, { domain: root, limit: Number(issue.detail) });
        break;
    }
  }

  const voids = a.issues.filter((i) => i.code === 'void_lookup');
  if (voids.length > 0 && voids.length <= 2) {
    const first = voids[0]!;
    // Two is the most RFC 7208 §4.6.4 allows: one more dead reference and SPF breaks.
    add(
      voids.length === 2 ? 'warning' : 'info',
      'void_lookups',
      { ...first, domain: root, lookups: voids.flatMap((v) => v.lookups) },
      { domain: root, count: voids.length, names: voids.map((v) => v.detail ?? v.domain) },
    );
  }

  if (a.record && !findings.some((f) => f.status === 'fail' || f.status === 'warning')) {
    findings.unshift({
      status: 'pass',
      key: 'finding.spf.ok',
      params: { domain: root, record: a.record, lookups: a.lookupCount, all: a.allQualifier ? `${a.allQualifier}all` : '' },
      evidence: rootEvidence,
    });
  }
  return findings;
}
