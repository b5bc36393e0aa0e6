/**
 * MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) of the assessed domain: the `_mta-sts` TXT record
 * (§3.1), the policy fetched over HTTPS with certificate validation and no redirects (§3.2, §3.3),
 * every MX host matched against its `mx:` patterns (§4.1), and the `_smtp._tls` record (RFC 8460 §3).
 */
import type { Evidence } from '../../../../shared/assessment';
import { DnsError, recordText, txtValue, type LookupResult, type RecordOfType } from '../../../../shared/dns';
import { worstStatus } from '../../../../shared/status';
import { defineCheck, dnsEvidence, SkipCheck, type CheckContext, type FindingOf, type OutputOf } from '../../check';
import { mxSpec } from '../mx/spec';
import { DEFAULT_FETCH_LIMITS, fetchPolicy, POLICY_PATH, type FetchResult, type PolicyFetchLimits } from './fetch';
import {
  isStsRecord,
  isTlsRptRecord,
  mxMatches,
  parsePolicy,
  parseStsRecord,
  parseTlsRptRecord,
  type PolicyProblem,
  type StsPolicy,
} from './parse';
import { mtaStsSpec, type MtaStsResult } from './spec';

type Finding = FindingOf<typeof mtaStsSpec>;
type TxtLookup = MtaStsResult['record'];
type Policy = NonNullable<MtaStsResult['policy']>;

/** Below a week in enforce mode, a policy lapses between a sender's visits (RFC 8461 §3.2: "weeks or greater"). */
export const SHORT_MAX_AGE = 604_800;
const EVIDENCE_TEXT_LIMIT = 4_096;

interface TxtOutcome {
  lookup: TxtLookup;
  /** the records that begin with the version tag */
  matching: string[];
  evidence: Evidence;
}

/** TXT records at `name`; transport failures and error rcodes are outcomes, not exceptions. */
async function txtLookup(ctx: CheckContext, name: string, matches: (text: string) => boolean): Promise<TxtOutcome> {
  let result: LookupResult<RecordOfType<'TXT'>>;
  try {
    result = await ctx.dns.lookup(name, 'TXT');
  } catch (error) {
    if (!(error instanceof DnsError) || error.kind === 'aborted') throw error;
    return {
      lookup: { name, outcome: 'dns_error', records: [], failure: error.kind },
      matching: [],
      evidence: dnsEvidence({ name, type: 'TXT', rcode: error.kind }, []),
    };
  }
  const evidence = dnsEvidence(result, result.records.map(recordText));
  if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN')
    return { lookup: { name, outcome: 'dns_error', records: [], rcode: result.rcode, failure: result.rcode }, matching: [], evidence };
  const records = result.records.map(txtValue);
  const matching = records.filter(matches);
  const outcome = matching.length === 0 ? 'none' : matching.length > 1 ? 'multiple' : 'found';
  return { lookup: { name, outcome, records, rcode: result.rcode }, matching, evidence };
}

/** A and AAAA of the policy host through the engine's resolver. */
async function policyAddresses(ctx: CheckContext, host: string): Promise<{ addresses: string[]; failed?: string; evidence: Evidence[] }> {
  const answers = await Promise.allSettled([ctx.dns.lookup(host, 'A'), ctx.dns.lookup(host, 'AAAA')]);
  const addresses: string[] = [];
  const evidence: Evidence[] = [];
  let failed: string | undefined;
  for (const a of answers) {
    if (a.status === 'rejected') {
      if (!(a.reason instanceof DnsError) || a.reason.kind === 'aborted') throw a.reason;
      failed ??= a.reason.kind;
      continue;
    }
    evidence.push(dnsEvidence(a.value, a.value.records.map(recordText)));
    if (a.value.rcode !== 'NOERROR' && a.value.rcode !== 'NXDOMAIN') failed ??= a.value.rcode;
    addresses.push(...a.value.records.map((r) => r.address));
  }
  return { addresses, ...(addresses.length === 0 && failed ? { failed } : {}), evidence };
}

const isTextPlain = (type: string | undefined) => type !== undefined && /^text\/plain\s*(;|$)/i.test(type.trim());

function policyOf(url: string, host: string, addresses: string[], fetched: FetchResult): Policy {
  const { certificate, status, contentType, location, bytes, problem, detail } = fetched;
  const common = {
    url,
    host,
    addresses,
    endpoint: fetched.endpoint,
    ...(certificate ? { certificate } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(bytes !== undefined ? { bytes } : {}),
    ...(problem ? { problem } : {}),
    ...(detail ? { detail } : {}),
  };
  if (problem === 'certificate') return { ...common, outcome: 'certificate' };
  if (problem === 'too_large') return { ...common, outcome: 'too_large' };
  if (problem || status === undefined) return { ...common, outcome: 'unreachable' };
  // RFC 8461 §3.3: only a 200 response is a policy; 3xx must not be followed.
  if (status >= 300 && status < 400) return { ...common, outcome: 'redirect' };
  if (status !== 200) return { ...common, outcome: 'http_status' };
  const text = fetched.body ?? '';
  return { ...common, text, outcome: isTextPlain(contentType) ? 'ok' : 'content_type' };
}

/** Fetches from each address in turn until one answers at the TCP level. */
async function fetchFromHost(
  ctx: CheckContext,
  domain: string,
  limits: PolicyFetchLimits,
): Promise<{ policy: Policy; evidence: Evidence[] }> {
  const host = `mta-sts.${domain}`;
  const url = `https://${host}${POLICY_PATH}`;
  const found = await policyAddresses(ctx, host);
  if (found.addresses.length === 0)
    return {
      policy: {
        url,
        host,
        addresses: [],
        outcome: found.failed ? 'dns_error' : 'no_address',
        ...(found.failed ? { detail: found.failed } : {}),
      },
      evidence: found.evidence,
    };
  ctx.progress.target(host, 'started');
  let fetched: FetchResult | undefined;
  for (const address of found.addresses) {
    fetched = await fetchPolicy(ctx.connect, { host, address }, { extraCaPem: ctx.settings.extraCaPem, signal: ctx.signal, limits });
    if (fetched.problem === 'aborted') throw new Error('aborted');
    if (fetched.problem !== 'refused' && fetched.problem !== 'connect_timeout' && fetched.problem !== 'unreachable') break;
  }
  const policy = policyOf(url, host, found.addresses, fetched!);
  const evidence: Evidence[] = [...found.evidence, { type: 'address', host, address: fetched!.address }];
  if (fetched!.endpoint !== `${fetched!.address}:443` && fetched!.endpoint !== `[${fetched!.address}]:443`)
    evidence.push({ type: 'text', key: 'evidence.connect.endpoint', value: fetched!.endpoint });
  if (policy.certificate)
    evidence.push({
      type: 'text',
      key: 'evidence.mta_sts.certificate',
      value: [
        policy.certificate.subject,
        policy.certificate.issuer && `issuer: ${policy.certificate.issuer}`,
        policy.certificate.validTo && `valid to ${policy.certificate.validTo}`,
        policy.certificate.authorizationError,
        policy.certificate.hostMismatch,
      ]
        .filter(Boolean)
        .join('; '),
    });
  if (policy.status !== undefined)
    evidence.push({
      type: 'text',
      key: 'evidence.mta_sts.response',
      value: [
        `HTTP ${policy.status}`,
        policy.contentType !== undefined ? `Content-Type: ${policy.contentType}` : 'no Content-Type',
        policy.location !== undefined ? `Location: ${policy.location}` : undefined,
        policy.bytes !== undefined ? `${policy.bytes} B` : undefined,
      ]
        .filter(Boolean)
        .join(', '),
    });
  // CRLF (RFC 8461 §3.2) shown as plain line breaks, not as escaped carriage returns.
  if (policy.text !== undefined)
    evidence.push({
      type: 'text',
      key: 'evidence.mta_sts.policy',
      value: policy.text.replace(/\r\n/g, '\n').slice(0, EVIDENCE_TEXT_LIMIT),
    });
  return { policy, evidence };
}

const EXPECTED: Record<'version' | 'mode' | 'max_age' | 'mx', string> = {
  version: 'STSv1',
  mode: 'enforce, testing, none',
  max_age: '0–31557600',
  mx: 'mail.example.cz, *.example.cz',
};

function syntaxFindings(url: string, problems: PolicyProblem[], evidence: Evidence[]): Finding[] {
  return problems.map((p): Finding => {
    switch (p.code) {
      case 'missing_field':
        return { status: 'warning', key: 'finding.mta_sts.policy_field_missing', params: { url, field: p.field }, evidence };
      case 'invalid_field':
      case 'duplicate_field':
        return {
          status: 'warning',
          key: 'finding.mta_sts.policy_field_invalid',
          params: { url, field: p.field, value: p.value, expected: p.code === 'duplicate_field' ? `${p.field} (1×)` : EXPECTED[p.field] },
          evidence,
        };
      case 'invalid_line':
        return { status: 'warning', key: 'finding.mta_sts.policy_line_invalid', params: { url, line: p.value }, evidence };
    }
  });
}

/** The MTA-STS findings of a record, a fetched policy and the MX hosts. */
function stsFindings(
  domain: string,
  record: TxtOutcome,
  fetched: { policy: Policy; evidence: Evidence[] },
  parsed: StsPolicy | undefined,
  coverage: MtaStsResult['coverage'],
): Finding[] {
  const { policy, evidence } = fetched;
  const name = record.lookup.name;
  const recordEvidence = [record.evidence];
  const findings: Finding[] = [];
  if (record.lookup.outcome === 'dns_error')
    return [
      {
        status: 'error',
        key: 'finding.mta_sts.dns_error',
        params: { name, reason: record.lookup.failure ?? null },
        evidence: recordEvidence,
      },
    ];
  if (record.lookup.outcome === 'none') {
    // A sender never looks for a policy without the record, however good the policy is.
    if (policy.outcome === 'ok' || policy.outcome === 'content_type')
      return [
        {
          status: 'warning',
          key: 'finding.mta_sts.policy_without_record',
          params: { url: policy.url, name },
          evidence: [...recordEvidence, ...evidence],
        },
      ];
    return [{ status: 'warning', key: 'finding.mta_sts.missing', params: { domain, name }, evidence: recordEvidence }];
  }
  if (record.lookup.outcome === 'multiple') {
    findings.push({
      status: 'warning',
      key: 'finding.mta_sts.record_multiple',
      params: { name, count: record.matching.length },
      evidence: recordEvidence,
    });
  } else {
    const text = record.matching[0]!;
    const r = parseStsRecord(text);
    const problem = r.problems[0];
    if (problem)
      findings.push({
        status: 'warning',
        key: 'finding.mta_sts.record_invalid',
        params: { name, record: text, part: problem.value ?? 'id' },
        evidence: recordEvidence,
      });
  }

  const url = policy.url;
  const all = [...recordEvidence, ...evidence];
  switch (policy.outcome) {
    case 'no_address':
    case 'dns_error':
      findings.push({
        status: 'warning',
        key: 'finding.mta_sts.policy_unreachable',
        params: {
          url,
          detail: policy.outcome === 'no_address' ? `${policy.host}: no A/AAAA record` : `${policy.host}: DNS ${policy.detail ?? 'error'}`,
        },
        evidence: all,
      });
      return findings;
    case 'unreachable':
      findings.push({
        status: 'warning',
        key: 'finding.mta_sts.policy_unreachable',
        params: { url, detail: `${policy.problem ?? 'error'}: ${policy.detail ?? ''}`.trim() },
        evidence: all,
      });
      return findings;
    case 'certificate':
      findings.push({
        status: 'warning',
        key: 'finding.mta_sts.policy_certificate',
        target: policy.host,
        params: { url, host: policy.host, reason: policy.detail ?? null },
        evidence: all,
      });
      return findings;
    case 'redirect':
      findings.push({
        status: 'warning',
        key: 'finding.mta_sts.policy_redirect',
        params: { url, status: policy.status ?? 0, location: policy.location ?? '—' },
        evidence: all,
      });
      return findings;
    case 'http_status':
      findings.push({
        status: 'warning',
        key: 'finding.mta_sts.policy_http_status',
        params: { url, status: policy.status ?? 0 },
        evidence: all,
      });
      return findings;
    case 'too_large':
      findings.push({
        status: 'warning',
        key: 'finding.mta_sts.policy_too_large',
        params: { url, limit: DEFAULT_FETCH_LIMITS.maxBodyBytes },
        evidence: all,
      });
      return findings;
    case 'content_type':
      findings.push({
        status: 'warning',
        key: 'finding.mta_sts.policy_content_type',
        params: { url, contentType: policy.contentType ?? '—' },
        evidence: all,
      });
      break;
    case 'ok':
      break;
  }
  if (!parsed) return findings;
  findings.push(...syntaxFindings(url, parsed.problems, all));
  if (parsed.problems.length > 0) return findings;
  if (parsed.mode === 'none') {
    findings.push({ status: 'warning', key: 'finding.mta_sts.mode_none', params: { domain }, evidence: all });
    return findings;
  }
  for (const c of coverage) {
    if (c.pattern !== undefined) continue;
    // RFC 8461 §5: in enforce mode a sender delivers to no MX the policy does not list.
    findings.push({
      status: parsed.mode === 'enforce' ? 'fail' : 'warning',
      key: 'finding.mta_sts.mx_not_covered',
      target: c.host,
      params: { host: c.host, patterns: parsed.mx, mode: parsed.mode ?? null },
      evidence: all,
    });
  }
  if (parsed.mode === 'testing') findings.push({ status: 'info', key: 'finding.mta_sts.mode_testing', params: { domain }, evidence: all });
  if (parsed.mode === 'enforce' && parsed.maxAge !== undefined && parsed.maxAge < SHORT_MAX_AGE)
    findings.push({ status: 'info', key: 'finding.mta_sts.max_age_short', params: { maxAge: parsed.maxAge }, evidence: all });
  if (parsed.mode === 'enforce' && findings.length === 0)
    findings.push({
      status: 'pass',
      key: 'finding.mta_sts.ok',
      params: { domain, mode: parsed.mode, maxAge: parsed.maxAge ?? 0, mx: parsed.mx },
      evidence: all,
    });
  return findings;
}

function tlsRptFindings(domain: string, t: TxtOutcome): { findings: Finding[]; rua: string[] } {
  const name = t.lookup.name;
  const evidence = [t.evidence];
  switch (t.lookup.outcome) {
    case 'dns_error':
      return {
        findings: [{ status: 'error', key: 'finding.mta_sts.dns_error', params: { name, reason: t.lookup.failure ?? null }, evidence }],
        rua: [],
      };
    case 'none':
      return { findings: [{ status: 'warning', key: 'finding.tlsrpt.missing', params: { domain, name }, evidence }], rua: [] };
    case 'multiple':
      return {
        findings: [{ status: 'warning', key: 'finding.tlsrpt.multiple', params: { name, count: t.matching.length }, evidence }],
        rua: [],
      };
    default: {
      const record = parseTlsRptRecord(t.matching[0]!);
      const findings: Finding[] = record.problems
        .filter((p) => p.code === 'invalid_uri')
        .map((p) => ({ status: 'warning', key: 'finding.tlsrpt.bad_uri', params: { name, uri: p.value ?? '' }, evidence }));
      findings.push(
        record.rua.length > 0
          ? { status: 'pass', key: 'finding.tlsrpt.ok', params: { domain, rua: record.rua }, evidence }
          : { status: 'warning', key: 'finding.tlsrpt.invalid', params: { name, record: t.matching[0]! }, evidence },
      );
      return { findings, rua: record.rua };
    }
  }
}

/** The check with its fetch limits; the engine runs `mtaStsCheck` with the defaults. */
export function createMtaStsCheck(limits: PolicyFetchLimits = DEFAULT_FETCH_LIMITS) {
  return defineCheck(mtaStsSpec, {
    async run(ctx): Promise<OutputOf<typeof mtaStsSpec>> {
      const mx = ctx.resultOf(mxSpec);
      if (!mx) throw new SkipCheck('skipped.requires_mx');
      if (mx.kind === 'null-mx' || mx.kind === 'none') throw new SkipCheck('skipped.mta_sts.no_mail');
      const domain = ctx.domain;
      ctx.progress.target(domain, 'started');
      const [record, tlsrpt, fetched] = await Promise.all([
        txtLookup(ctx, `_mta-sts.${domain}`, isStsRecord),
        txtLookup(ctx, `_smtp._tls.${domain}`, isTlsRptRecord),
        fetchFromHost(ctx, domain, limits),
      ]);
      const { policy } = fetched;
      const parsed = policy.text !== undefined ? parsePolicy(policy.text) : undefined;
      const hosts = mx.hosts.filter((h) => !h.problem).map((h) => h.exchange.toLowerCase().replace(/\.$/, ''));
      const coverage =
        parsed && parsed.problems.length === 0 && parsed.mode !== 'none'
          ? hosts.map((host) => {
              const pattern = parsed.mx.find((p) => mxMatches(p, host));
              return { host, ...(pattern !== undefined ? { pattern } : {}) };
            })
          : [];
      const rpt = tlsRptFindings(domain, tlsrpt);
      const findings = [...stsFindings(domain, record, fetched, parsed, coverage), ...rpt.findings];
      if (policy.outcome !== 'no_address' && policy.outcome !== 'dns_error')
        ctx.progress.target(
          policy.host,
          'finished',
          worstStatus(findings.filter((f) => f.key.startsWith('finding.mta_sts.')).map((f) => f.status)),
        );
      ctx.progress.target(domain, 'finished', worstStatus(findings.map((f) => f.status)));
      const id = record.lookup.outcome === 'found' ? parseStsRecord(record.matching[0]!).id : undefined;
      return {
        data: {
          domain,
          record: { ...record.lookup, ...(id !== undefined ? { id } : {}) },
          policy,
          ...(parsed
            ? {
                parsed: {
                  ...(parsed.version !== undefined ? { version: parsed.version } : {}),
                  ...(parsed.mode !== undefined ? { mode: parsed.mode } : {}),
                  ...(parsed.maxAge !== undefined ? { maxAge: parsed.maxAge } : {}),
                  mx: parsed.mx,
                  valid: parsed.problems.length === 0,
                },
              }
            : {}),
          coverage,
          tlsrpt: { ...tlsrpt.lookup, rua: rpt.rua },
        },
        findings,
      };
    },
  });
}

export const mtaStsCheck = createMtaStsCheck();
