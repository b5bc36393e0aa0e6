/**
 * Which mail platform the domain runs on, from DNS alone: Exchange Online leaves recognisable
 * traces (MX, autodiscover, SPF include, DKIM CNAMEs, tenant verification TXT). The remediation
 * steps later depend on this, so every signal is kept as evidence.
 */
import type { Evidence, PlatformHint } from '../../../../shared/assessment';
import { recordText, txtValue } from '../../../../shared/dns';
import { SkipCheck, defineCheck, dnsEvidence, type FindingOf, type OutputOf } from '../../check';
import { dkimSpec } from '../dkim/spec';
import { mxSpec } from '../mx/spec';
import { spfSpec } from '../spf/spec';
import { exchangeOnlineMxZone, platformSpec, type PlatformResult, type PlatformSignal } from './spec';

export const EXO_SPF_INCLUDE = 'spf.protection.outlook.com';
const EXO_AUTODISCOVER = 'autodiscover.outlook.com';
/** Technical names of the signals, the same in every language. */
const SIGNAL_LABELS: Record<PlatformSignal, string> = {
  'mx-exchange-online': 'MX *.mail.protection.outlook.com',
  'mx-exchange-online-dnssec': 'MX *.mx.microsoft',
  'autodiscover-exchange-online': 'autodiscover CNAME autodiscover.outlook.com',
  'spf-include-exchange-online': 'SPF include:spf.protection.outlook.com',
  'dkim-exchange-online': 'DKIM CNAME → Microsoft 365',
  'tenant-verification-txt': 'TXT MS=ms…',
};
/** Product names for params; the same in every language. */
const PLATFORM_LABELS: Record<PlatformHint | PlatformResult['platform'], string> = {
  unknown: '?',
  'exchange-online': 'Exchange Online',
  'exchange-2016': 'Exchange Server 2016',
  'exchange-2019': 'Exchange Server 2019',
  'exchange-se': 'Exchange Server SE',
  hybrid: 'Exchange hybrid',
  other: 'other',
  'on-premises-or-other': 'on-premises / other',
};
/** Microsoft 365 domain verification TXT: `MS=ms12345678`. */
const TENANT_TXT = /^MS=ms\d+$/i;

export const platformCheck = defineCheck(platformSpec, {
  async run(ctx): Promise<OutputOf<typeof platformSpec>> {
    const signals: PlatformSignal[] = [];
    const evidence: Evidence[] = [];
    const mx = ctx.resultOf(mxSpec);
    // Without the MX set the platform cannot be told apart; other traces alone would mislead.
    if (!mx) throw new SkipCheck('skipped.requires_mx');
    const spf = ctx.resultOf(spfSpec);
    const dkim = ctx.resultOf(dkimSpec);

    for (const host of mx.hosts) {
      const zone = exchangeOnlineMxZone(host.exchange);
      if (zone) {
        signals.push(zone === 'mx.microsoft' ? 'mx-exchange-online-dnssec' : 'mx-exchange-online');
        evidence.push({ type: 'text', key: 'evidence.mx_host', value: `${host.preference} ${host.exchange}` });
      }
    }

    const autodiscoverName = `autodiscover.${ctx.domain}`;
    const [autodiscover, apex] = await Promise.all([
      ctx.dns.lookup(autodiscoverName, 'CNAME').catch(() => undefined),
      ctx.dns.lookup(ctx.domain, 'TXT').catch(() => undefined),
    ]);
    const autodiscoverTarget = autodiscover?.records.find((r) => r.type === 'CNAME');
    if (autodiscover && autodiscoverTarget && autodiscoverTarget.target === EXO_AUTODISCOVER) {
      signals.push('autodiscover-exchange-online');
      evidence.push(dnsEvidence(autodiscover, autodiscover.records.map(recordText)));
    }
    const tenantTxt = apex?.records.filter((r) => TENANT_TXT.test(txtValue(r))) ?? [];
    if (apex && tenantTxt.length > 0) {
      signals.push('tenant-verification-txt');
      evidence.push(dnsEvidence(apex, tenantTxt.map(recordText)));
    }
    const spfIncludesExo = spf?.includes.some((i) => i.toLowerCase() === EXO_SPF_INCLUDE) ?? false;
    if (spfIncludesExo) {
      signals.push('spf-include-exchange-online');
      evidence.push({ type: 'text', key: 'evidence.spf_record', value: spf?.record ?? '' });
    }
    if (dkim && dkim.exchangeOnline.selectors.length > 0) {
      signals.push('dkim-exchange-online');
      for (const t of dkim.exchangeOnline.cnameTargets)
        evidence.push({ type: 'text', key: 'evidence.dkim_cname', value: `${t.selector}._domainkey.${ctx.domain} → ${t.target}` });
    }

    const mxOnExo = signals.includes('mx-exchange-online') || signals.includes('mx-exchange-online-dnssec');
    const platform: PlatformResult['platform'] = mxOnExo ? 'exchange-online' : 'on-premises-or-other';
    const tenantTraces = !mxOnExo && signals.length > 0;
    const tenant = dkim?.exchangeOnline.tenant;
    const findings: FindingOf<typeof platformSpec>[] = [];
    if (platform === 'exchange-online') {
      findings.push({
        status: 'info',
        key: tenant ? 'finding.platform.exchange_online_tenant' : 'finding.platform.exchange_online',
        params: { signals: signals.map((s) => SIGNAL_LABELS[s]), tenant: tenant ?? null },
        evidence,
      });
    } else if (tenantTraces) {
      findings.push({
        status: 'info',
        key: 'finding.platform.hybrid_or_gateway',
        params: { signals: signals.map((s) => SIGNAL_LABELS[s]) },
        evidence,
      });
    } else if (mx.hosts.length === 0) {
      findings.push({ status: 'info', key: 'finding.platform.no_mail_hosts', params: { domain: ctx.domain }, evidence });
    } else {
      findings.push({
        status: 'info',
        key: 'finding.platform.on_premises_or_other',
        params: { hosts: mx.hosts.map((h) => h.exchange) },
        evidence,
      });
    }

    // Mail that Exchange Online sends leaves from Microsoft's addresses: without the include
    // it fails SPF (Microsoft Learn: "Set up SPF to identify valid email sources"). A null MX
    // contradicts the hint: the domain runs no mail, so nothing is added for it.
    const hintSaysSendsThroughExo = ctx.request.platformHint === 'exchange-online' || ctx.request.platformHint === 'hybrid';
    if ((platform === 'exchange-online' || (hintSaysSendsThroughExo && mx.kind !== 'null-mx')) && spf?.record && !spfIncludesExo) {
      findings.push({
        status: 'fail',
        key: 'finding.platform.spf_missing_exo_include',
        params: { domain: ctx.domain, record: spf.record },
        evidence: [{ type: 'text', key: 'evidence.spf_record', value: spf.record }],
      });
    }

    const hint = ctx.request.platformHint;
    const hintSaysExo = hint === 'exchange-online';
    const hintSaysOnPrem = hint === 'exchange-2016' || hint === 'exchange-2019' || hint === 'exchange-se';
    if ((hintSaysExo && platform !== 'exchange-online') || (hintSaysOnPrem && platform === 'exchange-online')) {
      findings.push({
        status: 'info',
        key: 'finding.platform.hint_mismatch',
        params: { hint: PLATFORM_LABELS[hint], detected: PLATFORM_LABELS[platform] },
        evidence: [],
      });
    }

    return { data: { platform, tenantTraces, signals, ...(tenant ? { tenant } : {}) }, findings };
  },
});
