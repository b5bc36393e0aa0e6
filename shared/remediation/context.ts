/**
 * Typed, defensive reads of the check results stored in an Assessment's attempts. The data comes
 * from a JSON file that may be old, hand-edited or from a newer version, so every read is
 * validated and a shape we do not recognise reads as "unknown" rather than throwing.
 */
import { z } from 'zod';
import type { Assessment, Attempt } from '../assessment';
import { isValidDnsName } from '../quote';

const qualifier = z.enum(['+', '-', '~', '?']);

export const SpfDataSchema = z.object({
  record: z.string().nullable(),
  records: z.array(z.string()).default([]),
  terms: z.array(z.object({ text: z.string(), type: z.string(), name: z.string(), qualifier: qualifier.optional(), value: z.string().optional() })).default([]),
  allQualifier: qualifier.nullable().default(null),
  includes: z.array(z.string()).default([]),
  lookupCount: z.number().default(0),
  lookupLimit: z.number().default(10),
  chain: z.array(z.string()).default([]),
});
export type SpfData = z.infer<typeof SpfDataSchema>;

const policy = z.enum(['none', 'quarantine', 'reject']);
const dmarcUri = z.object({ uri: z.string(), address: z.string(), domain: z.string(), maxBytes: z.number().optional() });

export const DmarcDataSchema = z.object({
  domain: z.string(),
  outcome: z.enum(['found', 'none', 'multiple', 'dns_error']),
  policyDomain: z.string().optional(),
  source: z.enum(['domain', 'organizational']).optional(),
  record: z.string().optional(),
  parsed: z
    .object({
      tags: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
      p: policy.optional(),
      sp: policy.optional(),
      np: policy.optional(),
      pct: z.number().default(100),
      adkim: z.enum(['r', 's']).default('r'),
      aspf: z.enum(['r', 's']).default('r'),
      rua: z.array(dmarcUri).default([]),
      ruf: z.array(dmarcUri).default([]),
      fo: z.array(z.string()).default(['0']),
      testing: z.boolean().default(false),
    })
    .optional(),
  appliedPolicy: policy.optional(),
});
export type DmarcData = z.infer<typeof DmarcDataSchema>;

export const DkimDataSchema = z.object({
  domain: z.string(),
  selectors: z
    .array(z.object({ selector: z.string(), name: z.string(), outcome: z.string(), records: z.array(z.string()).default([]), cnames: z.array(z.string()).default([]) }))
    .default([]),
  found: z.array(z.string()).default([]),
  exchangeOnline: z
    .object({
      selectors: z.array(z.string()).default([]),
      tenant: z.string().optional(),
      format: z.enum(['onmicrosoft', 'dkim.mail.microsoft']).optional(),
      cnameTargets: z.array(z.object({ selector: z.string(), target: z.string(), keyPublished: z.boolean(), domainMatches: z.boolean() })).default([]),
    })
    .default({ selectors: [], cnameTargets: [] }),
});
export type DkimData = z.infer<typeof DkimDataSchema>;

export const MxDataSchema = z.object({
  kind: z.enum(['mx', 'null-mx', 'implicit', 'none']),
  hosts: z
    .array(z.object({ preference: z.number(), exchange: z.string(), cnames: z.array(z.string()).default([]), ipv4: z.array(z.string()).default([]), ipv6: z.array(z.string()).default([]), problem: z.string().optional() }))
    .default([]),
});
export type MxData = z.infer<typeof MxDataSchema>;

export const PlatformDataSchema = z.object({
  platform: z.enum(['exchange-online', 'on-premises-or-other']),
  tenantTraces: z.boolean().default(false),
  signals: z.array(z.string()).default([]),
  tenant: z.string().optional(),
});
export type PlatformData = z.infer<typeof PlatformDataSchema>;

/** What the certificate check keeps of each served chain (only what the plan reads). */
export const CertificateDataSchema = z.object({
  groups: z
    .array(
      z.object({
        host: z.string(),
        tls: z.object({ chain: z.array(z.object({ spkiSha256: z.string().optional(), fingerprint256: z.string().optional() })).default([]) }),
      }),
    )
    .default([]),
});
export type CertificateData = z.infer<typeof CertificateDataSchema>;

export function attemptOf(a: Assessment, checkId: string): Attempt | undefined {
  return a.attempts.find((x) => x.checkId === checkId);
}

function dataOf<S extends z.ZodType>(a: Assessment, checkId: string, schema: S): z.output<S> | undefined {
  const attempt = attemptOf(a, checkId);
  if (!attempt || attempt.status !== 'completed' || attempt.data === undefined) return undefined;
  const parsed = schema.safeParse(attempt.data);
  return parsed.success ? parsed.data : undefined;
}

export const spfData = (a: Assessment) => dataOf(a, 'spf', SpfDataSchema);
export const dmarcData = (a: Assessment) => dataOf(a, 'dmarc', DmarcDataSchema);
export const dkimData = (a: Assessment) => dataOf(a, 'dkim', DkimDataSchema);
export const mxData = (a: Assessment) => dataOf(a, 'mx', MxDataSchema);
export const platformData = (a: Assessment) => dataOf(a, 'platform', PlatformDataSchema);
export const certificateData = (a: Assessment) => dataOf(a, 'certificate', CertificateDataSchema);

/**
 * SHA-256 of the SubjectPublicKeyInfo of the certificate each MX host served (a TLSA `3 1 1`
 * record's data, RFC 7671 §5.1), from the certificate check's result or from a finding's params.
 */
export function servedSpkiHashes(a: Assessment): Map<string, string> {
  const out = new Map<string, string>();
  const add = (host: string | undefined, hash: string | undefined) => {
    const h = host?.toLowerCase().replace(/\.$/, '');
    const x = hash?.toLowerCase().replace(/:/g, '');
    if (h && x && /^[0-9a-f]{64}$/.test(x) && isValidDnsName(h, { allowServiceLabels: false }) && !out.has(h)) out.set(h, x);
  };
  for (const g of certificateData(a)?.groups ?? []) add(g.host, g.tls.chain[0]?.spkiSha256);
  for (const f of a.findings) {
    if (f.checkId !== 'certificate' && f.checkId !== 'dane') continue;
    const host = f.target ?? (typeof f.params.host === 'string' ? f.params.host : undefined);
    const hash = typeof f.params.spkiSha256 === 'string' ? f.params.spkiSha256 : undefined;
    add(host, hash);
  }
  return out;
}

/** Which Exchange the remediation is written for. */
export type DetectedPlatform = 'exchange-online' | 'exchange-server' | 'unknown';

export interface PlatformView {
  /** the plan's platform */
  platform: DetectedPlatform;
  /** Exchange platforms whose steps the plan includes ('unknown' includes both; 'other' neither) */
  exchange: ('exchange-online' | 'exchange-server')[];
  /** mail goes out through Exchange Online (MX there, tenant traces, or the user said so) */
  sendsThroughExchangeOnline: boolean;
}

/**
 * The user's hint wins over detection: a consultant knows the client runs Exchange 2019 even when
 * a filtering gateway hides it. Detection only decides when the hint is `unknown` or `hybrid`.
 */
export function platformView(a: Assessment): PlatformView {
  const hint = a.request.platformHint;
  const detected = platformData(a);
  const detectedExo = detected?.platform === 'exchange-online';
  // Only outbound traces say mail leaves through Exchange Online; a tenant verification TXT or an
  // autodiscover CNAME is common for organisations that use Microsoft 365 without its mail.
  const traces = (detected?.tenantTraces ?? false) && detected!.signals.some((s) => s === 'spf-include-exchange-online' || s === 'dkim-exchange-online');
  switch (hint) {
    case 'exchange-online':
      return { platform: 'exchange-online', exchange: ['exchange-online'], sendsThroughExchangeOnline: true };
    case 'exchange-2016':
    case 'exchange-2019':
    case 'exchange-se':
      return { platform: 'exchange-server', exchange: ['exchange-server'], sendsThroughExchangeOnline: traces };
    case 'hybrid':
      return detectedExo
        ? { platform: 'exchange-online', exchange: ['exchange-online', 'exchange-server'], sendsThroughExchangeOnline: true }
        : { platform: 'exchange-server', exchange: ['exchange-server', 'exchange-online'], sendsThroughExchangeOnline: true };
    case 'other':
      return { platform: 'unknown', exchange: [], sendsThroughExchangeOnline: detectedExo || traces };
    case 'unknown':
      if (detectedExo) return { platform: 'exchange-online', exchange: ['exchange-online'], sendsThroughExchangeOnline: true };
      return { platform: 'unknown', exchange: ['exchange-online', 'exchange-server'], sendsThroughExchangeOnline: traces };
  }
}

/** The Exchange Online tenant prefix (`contoso` of contoso.onmicrosoft.com), validated as a DNS label. */
export function exchangeOnlineTenant(a: Assessment): string | undefined {
  const candidates = [dkimData(a)?.exchangeOnline.tenant, platformData(a)?.tenant];
  return candidates.find((t): t is string => t !== undefined && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(t));
}

/** MX hosts usable as names in generated records, in preference order. */
export function mxHosts(a: Assessment): { preference: number; exchange: string }[] {
  const mx = mxData(a);
  if (!mx) return [];
  return mx.hosts.filter((h) => !h.problem && isValidDnsName(h.exchange, { allowServiceLabels: false })).map((h) => ({ preference: h.preference, exchange: h.exchange.toLowerCase().replace(/\.$/, '') }));
}
