/**
 * DNSSEC of the mail domain (its MX RRset) and of each MX host (its A and AAAA), validated by our
 * own validator from the trust anchor; then the algorithms and DS digests of those zones rated.
 */
import type { Evidence } from '../../../../shared/assessment';
import { algorithmInfo, algorithmVerdict } from '../../../../shared/dnssec/algorithms';
import { validationLines } from '../../../../shared/dnssec/describe';
import { worstStatus, type NameValidation, type ValidationReason, type ZoneLink } from '../../../../shared/dnssec/result';
import { RR_TYPE } from '../../../../shared/dnssec/wire';
import { defineCheck, SkipCheck, type FindingOf, type OutputOf } from '../../check';
import { mxSpec } from '../mx/spec';
import { dnssecSpec, type DnssecResult } from './spec';

type DnssecFinding = FindingOf<typeof dnssecSpec>;

/** The finding for a bogus or otherwise failed validation, by its reason. */
const REASON_KEYS: Partial<Record<ValidationReason, DnssecFinding['key']>> = {
  signature_expired: 'finding.dnssec.signature_expired',
  signature_not_yet_valid: 'finding.dnssec.signature_not_yet_valid',
  no_dnskey_matches_ds: 'finding.dnssec.ds_mismatch',
  dnskey_missing: 'finding.dnssec.dnskey_missing',
  bad_signature: 'finding.dnssec.bad_signature',
  rrsig_missing: 'finding.dnssec.rrsig_missing',
  no_key_for_signature: 'finding.dnssec.no_key_for_signature',
  denial_broken: 'finding.dnssec.denial_broken',
  wildcard_unproven: 'finding.dnssec.denial_broken',
  unsupported_algorithm: 'finding.dnssec.unsupported_algorithm',
  nsec3_iterations: 'finding.dnssec.nsec3_iterations',
};

const display = (name: string): string => (name === '' ? '.' : name);

function evidence(v: NameValidation): Evidence[] {
  return [{ type: 'text', key: 'evidence.dnssec.chain', value: validationLines(v).join('\n') }];
}

/** The link where validation stopped being secure (the zone a finding is about). */
function failingLink(v: NameValidation): ZoneLink | undefined {
  return v.chain.find((l) => l.status !== 'secure');
}

/** The date a signature finding names: the expiry or the start of the failing signature. */
function signatureDate(v: NameValidation, reason: ValidationReason): string {
  const sigs = [...v.signatures, ...v.chain.flatMap((l) => l.signatures)];
  const sig = reason === 'signature_expired' ? sigs.find((s) => s.result === 'expired') : sigs.find((s) => s.result === 'not_yet_valid');
  if (!sig) return '';
  return (reason === 'signature_expired' ? sig.expiration : sig.inception).slice(0, 10);
}

/** One finding for one validated name (`host` set for an MX host). */
function verdict(v: NameValidation, host?: string): DnssecFinding {
  const name = host ?? v.name;
  const target = host ? { target: host } : {};
  const link = failingLink(v);
  const zone = display(link?.zone ?? v.zone);
  if (v.status === 'secure') {
    return host
      ? { status: 'pass', key: 'finding.dnssec.mx_zone_secure', ...target, params: { host, zone: display(v.zone) }, evidence: evidence(v) }
      : { status: 'pass', key: 'finding.dnssec.secure', params: { name, zone: display(v.zone) }, evidence: evidence(v) };
  }
  if (v.status === 'indeterminate') {
    return { status: 'error', key: 'finding.dnssec.lookup_failed', ...target, params: { name }, evidence: evidence(v) };
  }
  const reasonKey = v.reason ? REASON_KEYS[v.reason] : undefined;
  if (v.status === 'insecure' && !reasonKey) {
    return host
      ? { status: 'fail', key: 'finding.dnssec.mx_zone_insecure', ...target, params: { host, zone }, evidence: evidence(v) }
      : { status: 'fail', key: 'finding.dnssec.insecure', params: { name, zone }, evidence: evidence(v) };
  }
  const key = reasonKey ?? 'finding.dnssec.bad_signature';
  const params: Record<string, string | number> = { name, zone };
  if (v.reason === 'signature_expired' || v.reason === 'signature_not_yet_valid') params.date = signatureDate(v, v.reason);
  if (v.reason === 'no_dnskey_matches_ds' && link) {
    params.ds = link.ds.map((d) => `${d.keyTag}/${d.algorithm}/${d.digestType}`).join(', ');
    params.keys = link.dnskeys.map((k) => k.keyTag).join(', ') || '—';
  }
  if (v.reason === 'unsupported_algorithm' && link) params.algorithms = [...new Set(link.ds.map((d) => d.algorithm))].join(', ');
  if (v.reason === 'nsec3_iterations') params.iterations = Number(/(\d+) iterations/.exec(v.detail ?? link?.detail ?? '')?.[1] ?? 0);
  return { status: 'fail', key, ...target, params, evidence: evidence(v) };
}

/** The deepest secure link of a validation: the zone holding the name. */
function holdingZone(v: NameValidation): ZoneLink | undefined {
  return v.chain.find((l) => l.zone === v.zone);
}

export const dnssecCheck = defineCheck(dnssecSpec, {
  async run(ctx): Promise<OutputOf<typeof dnssecSpec>> {
    const validator = ctx.dnssec;
    if (!validator) throw new SkipCheck('skipped.dnssec_unavailable');
    const mx = ctx.resultOf(mxSpec);
    ctx.progress.target(ctx.domain, 'started');
    const domain = await validator.validate(ctx.domain, RR_TYPE.MX);
    ctx.progress.target(ctx.domain, 'finished', domain.status === 'secure' ? 'pass' : 'fail');
    const names = [
      ...new Set((mx?.hosts ?? []).filter((h) => h.problem !== 'ip_literal' && h.problem !== 'invalid_name').map((h) => h.exchange)),
    ];
    const hosts = await Promise.all(
      names.map(async (host) => {
        ctx.progress.target(host, 'started');
        const addresses = await Promise.all([validator.validate(host, RR_TYPE.A), validator.validate(host, RR_TYPE.AAAA)]);
        ctx.progress.target(host, 'finished', worstStatus(addresses.map((a) => a.status)) === 'secure' ? 'pass' : 'fail');
        return { host, addresses };
      }),
    );

    const all = [domain, ...hosts.flatMap((h) => h.addresses)];
    const data = (extra: Partial<DnssecResult> = {}) => ({
      domain,
      hosts,
      zones: [],
      resolverStrips: false,
      path: validator.path,
      queries: validator.queries,
      ...extra,
    });
    const stripped = validator.strippingResolver;
    // The iterative path could not reach the root servers either: nothing can be decided from here.
    const unreachable = stripped !== undefined && all.every((v) => v.status === 'indeterminate');
    if (unreachable || all.some((v) => v.reason === 'resolver_strips_dnssec')) {
      const resolver = stripped || validator.servers.join(', ') || '—';
      return {
        data: data({ resolverStrips: true }),
        findings: [
          {
            status: 'not_tested',
            key: 'finding.dnssec.resolver_strips',
            params: { resolver },
            evidence: [{ type: 'text', key: 'evidence.dnssec.detail', value: all.find((v) => v.detail)?.detail ?? '' }],
          },
        ],
      };
    }

    const findings: DnssecFinding[] = [verdict(domain)];
    if (stripped !== undefined) {
      findings.push({ status: 'info', key: 'finding.dnssec.resolver_strips_iterated', params: { resolver: stripped }, evidence: [] });
    }
    for (const { host, addresses } of hosts) {
      // The host's worst address answer speaks for it (a bogus AAAA breaks delivery over IPv6).
      const worst = addresses.find((a) => a.status === worstStatus(addresses.map((x) => x.status)))!;
      findings.push(verdict(worst, host));
    }

    // RFC 8624: rate what the domain's and the MX hosts' own zones use.
    const zones = new Map<string, DnssecResult['zones'][number]>();
    for (const v of all) {
      const link = holdingZone(v);
      if (!link || zones.has(link.zone) || link.dnskeys.length === 0) continue;
      zones.set(link.zone, {
        zone: link.zone,
        status: link.status,
        algorithms: [...new Set(link.dnskeys.map((k) => k.algorithm))],
        digestTypes: [...new Set(link.ds.map((d) => d.digestType))],
      });
    }
    for (const z of zones.values()) {
      for (const algorithm of z.algorithms) {
        const rating = algorithmVerdict(algorithm);
        if (rating !== 'fail' && rating !== 'phase-out') continue;
        findings.push({
          status: rating === 'fail' ? 'fail' : 'warning',
          key: rating === 'fail' ? 'finding.dnssec.algorithm_deprecated' : 'finding.dnssec.algorithm_phase_out',
          params: { zone: display(z.zone), algorithm, mnemonic: algorithmInfo(algorithm).mnemonic },
          evidence: [],
        });
      }
      if (z.digestTypes.includes(1)) {
        // Beside a SHA-256 DS, validators ignore the SHA-1 one (RFC 4509 §3): a warning; alone it is the only link.
        findings.push({
          status: z.digestTypes.some((t) => t === 2 || t === 4) ? 'warning' : 'fail',
          key: 'finding.dnssec.ds_digest_sha1',
          params: { zone: display(z.zone) },
          evidence: [],
        });
      }
    }
    return { data: data({ zones: [...zones.values()] }), findings };
  },
});
