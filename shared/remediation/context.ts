/**
 * Typed, defensive reads of the check results stored in an Assessment's attempts. The data comes
 * from a JSON file that may be old, hand-edited or from a newer version, so every read is
 * validated and a shape we do not recognise reads as "unknown" rather than throwing.
 */
import type { z } from 'zod';
import type { AnyCheckSpec, ResultOf } from '../../electron/engine/check-spec';
import { certificateSpec } from '../../electron/engine/checks/certificate/spec';
import { daneSpec } from '../../electron/engine/checks/dane/spec';
import { dkimSpec } from '../../electron/engine/checks/dkim/spec';
import { dmarcSpec } from '../../electron/engine/checks/dmarc/spec';
import { dnssecSpec } from '../../electron/engine/checks/dnssec/spec';
import { mxSpec, type MxResult } from '../../electron/engine/checks/mx/spec';
import { platformSpec, type PlatformResult } from '../../electron/engine/checks/platform/spec';
import { spfSpec } from '../../electron/engine/checks/spf/spec';
import type { Assessment, Attempt, PlatformHint } from '../assessment';
import { isValidDnsName } from '../quote';

export type DmarcData = ResultOf<typeof dmarcSpec>;

export function attemptOf(a: Assessment, checkId: string): Attempt | undefined {
  return a.attempts.find((x) => x.checkId === checkId);
}

/** A completed check's result, parsed with the schema its spec declares; undefined when absent or not of that shape. */
export function dataOf<S extends AnyCheckSpec>(a: Assessment, spec: S): z.output<S['result']> | undefined {
  const attempt = attemptOf(a, spec.id);
  if (!attempt || attempt.status !== 'completed' || attempt.data === undefined) return undefined;
  const parsed = spec.result.safeParse(attempt.data);
  return parsed.success ? (parsed.data as z.output<S['result']>) : undefined;
}

export const spfData = (a: Assessment) => dataOf(a, spfSpec);
export const dmarcData = (a: Assessment) => dataOf(a, dmarcSpec);
export const dkimData = (a: Assessment) => dataOf(a, dkimSpec);
export const mxData = (a: Assessment) => dataOf(a, mxSpec);
export const platformData = (a: Assessment) => dataOf(a, platformSpec);
export const certificateData = (a: Assessment) => dataOf(a, certificateSpec);
export const dnssecData = (a: Assessment) => dataOf(a, dnssecSpec);
export const daneData = (a: Assessment) => dataOf(a, daneSpec);

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

/**
 * The distinct keys an MX host served, from the certificate check's result: one entry per leaf
 * SubjectPublicKeyInfo SHA-256 (a TLSA `3 1 1` record's data, RFC 7671 §5.1) with the addresses that
 * served it and the leaf's serial number (upper-case hex, leading zeros dropped), so every address's
 * key gets its record even when a host's addresses serve different certificates.
 */
export function servedKeys(a: Assessment): Map<string, { spkiSha256: string; addresses: string[]; serial?: string }[]> {
  const out = new Map<string, { spkiSha256: string; addresses: string[]; serial?: string }[]>();
  for (const g of certificateData(a)?.groups ?? []) {
    const host = g.host.toLowerCase().replace(/\.$/, '');
    const leaf = g.tls.chain[0];
    const spki = leaf?.spkiSha256.toLowerCase().replace(/:/g, '');
    if (!leaf || !spki || !/^[0-9a-f]{64}$/.test(spki) || !isValidDnsName(host, { allowServiceLabels: false })) continue;
    const keys = out.get(host) ?? [];
    const serial = leaf.serialNumber
      .toUpperCase()
      .replace(/:/g, '')
      .replace(/^0+(?=.)/, '');
    const same = keys.find((k) => k.spkiSha256 === spki);
    if (same) same.addresses.push(...g.addresses.filter((x) => !same.addresses.includes(x)));
    else keys.push({ spkiSha256: spki, addresses: [...g.addresses], ...(/^[0-9A-F]{1,40}$/.test(serial) ? { serial } : {}) });
    out.set(host, keys);
  }
  return out;
}

/** Which Exchange the remediation is written for. */
export type DetectedPlatform = 'exchange-online' | 'exchange-server' | 'unknown';

/**
 * Where DNS shows the domain's mail arrives. `elsewhere` (no Microsoft 365 trace at all) never
 * contradicts a hint: a gateway may stand in front of Exchange Online.
 */
export type DnsPlatform = 'exchange-online' | 'elsewhere' | 'null-mx';

export interface PlatformView {
  /** the plan's platform */
  platform: DetectedPlatform;
  /** Exchange platforms whose steps the plan includes ('unknown' includes both; 'other' neither) */
  exchange: ('exchange-online' | 'exchange-server')[];
  /** mail goes out through Exchange Online (MX there, tenant traces, or the user said so) */
  sendsThroughExchangeOnline: boolean;
  /** the user's hint contradicts DNS: the plan follows DNS and asks the user to resolve it */
  conflict?: { hint: PlatformHint; dns: Exclude<DnsPlatform, 'elsewhere'> };
}

export function platformView(a: Assessment): PlatformView {
  return platformViewOf(a.request.platformHint, platformData(a), mxData(a)?.kind);
}

/**
 * `platformView` from its parts: the user's hint, the platform check's result and the MX check's
 * kind (for checks, before the Assessment exists). The hint decides what DNS cannot see — a
 * consultant knows the client runs Exchange 2019 behind a filtering gateway — but never
 * overrides what DNS shows: an Exchange Online MX, or a null MX (no mail at all).
 */
export function platformViewOf(hint: PlatformHint, detected: PlatformResult | undefined, mxKind?: MxResult['kind']): PlatformView {
  const dns: DnsPlatform | undefined =
    mxKind === 'null-mx'
      ? 'null-mx'
      : detected?.platform === 'exchange-online'
        ? 'exchange-online'
        : detected && !detected.tenantTraces && detected.signals.length === 0
          ? 'elsewhere'
          : undefined;
  const fromDns = dnsView(detected, dns);
  const contradicts =
    // A hint the DNS cannot contradict stands: Exchange Server behind a gateway, Exchange Online behind one.
    (dns === 'null-mx' && hint !== 'unknown' && hint !== 'other') ||
    (dns === 'exchange-online' && hint !== 'unknown' && hint !== 'exchange-online' && hint !== 'hybrid');
  if (contradicts) return { ...fromDns, conflict: { hint, dns: dns as 'exchange-online' | 'null-mx' } };
  const traces = sendsThroughExchangeOnline(detected);
  const detectedExo = dns === 'exchange-online';
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
      return { platform: 'unknown', exchange: [], sendsThroughExchangeOnline: traces };
    case 'unknown':
      return fromDns;
  }
}

/**
 * Only outbound traces say mail leaves through Exchange Online; a tenant verification TXT or an
 * autodiscover CNAME is common for organisations that use Microsoft 365 without its mail.
 */
function sendsThroughExchangeOnline(detected: PlatformResult | undefined): boolean {
  return (
    (detected?.tenantTraces ?? false) && detected!.signals.some((s) => s === 'spf-include-exchange-online' || s === 'dkim-exchange-online')
  );
}

/** The view from DNS alone (the hint `unknown`). */
function dnsView(detected: PlatformResult | undefined, dns: DnsPlatform | undefined): PlatformView {
  const traces = sendsThroughExchangeOnline(detected);
  switch (dns) {
    case 'exchange-online':
      return { platform: 'exchange-online', exchange: ['exchange-online'], sendsThroughExchangeOnline: true };
    // A domain that receives no mail gets no server steps; Exchange Online only where its traces show it sends.
    case 'null-mx':
      return { platform: 'unknown', exchange: traces ? ['exchange-online'] : [], sendsThroughExchangeOnline: traces };
    // No Microsoft 365 trace at all: the MX hosts run on premises, Exchange or another server.
    case 'elsewhere':
      return { platform: 'unknown', exchange: ['exchange-server'], sendsThroughExchangeOnline: false };
    case undefined:
      return { platform: 'unknown', exchange: ['exchange-online', 'exchange-server'], sendsThroughExchangeOnline: traces };
  }
}

/** MX hosts usable as names in generated records, in preference order. */
export function mxHosts(a: Assessment): { preference: number; exchange: string }[] {
  const mx = mxData(a);
  if (!mx) return [];
  return mx.hosts
    .filter((h) => !h.problem && isValidDnsName(h.exchange, { allowServiceLabels: false }))
    .map((h) => ({ preference: h.preference, exchange: h.exchange.toLowerCase().replace(/\.$/, '') }));
}
