/**
 * Steps for MX, SPF, DKIM and DMARC findings (requirement 7 and the MX set every other row
 * depends on). Records are generated from the assessment's own values: the domain, the current
 * SPF and DMARC records, the DKIM selectors and the Exchange Online tenant the DKIM check found.
 */
import { exchangeOnlineMxZone } from '../../../electron/engine/checks/platform/spec';
import type { Finding } from '../../assessment';
import { distinctByJson } from '../../distinct';
import { parseExchangeOnlineDkimTarget } from '../../dkim';
import { hasUnsafeCharacter, isValidDnsName } from '../../quote';
import { cnameRecord, instruction, mxRecord, powershell, ps, txtRecord } from '../actions';
import { dkimData, dmarcData, mxData, mxHosts, spfData } from '../context';
import {
  EXO_SPF_INCLUDE,
  composeDmarc,
  correctSpf,
  droppedDmarcTags,
  reusableUri,
  strongerOrEqual,
  type DmarcPolicy,
  type SpfChange,
  type SpfSender,
} from '../records';
import type { BuildContext, RemediationAction, StepDraft } from '../types';
import { listParam, nameParam, param, safeParams, suffix } from './util';

const has = (ctx: BuildContext, key: string) => ctx.findings.some((f) => f.key === key);
const findingsWith = (ctx: BuildContext, keys: readonly string[]) => ctx.findings.filter((f) => keys.includes(f.key));

// ---------------------------------------------------------------------------------------- MX

export function mxSteps(ctx: BuildContext): StepDraft[] {
  const actions: RemediationAction[] = [];
  const mx = mxData(ctx.a);
  for (const f of ctx.findings) {
    const host = nameParam(f, 'host', { allowServiceLabels: false });
    if (f.key === 'finding.mx.cname') {
      // RFC 2181 §10.3: the MX must name the canonical host, not an alias.
      const target = nameParam(f, 'target', { allowServiceLabels: false });
      const preference = mx?.hosts.find((h) => h.exchange.toLowerCase() === host)?.preference;
      if (target && preference !== undefined) {
        actions.push(
          mxRecord(ctx.domain, preference, target, 3600, {
            noteKey: 'remediation.note.mx_replace_cname',
            noteParams: { host: host ?? '', target },
          }),
        );
        continue;
      }
    }
    if (
      (f.key === 'finding.mx.none' || f.key === 'finding.mx.no_usable_host' || f.key === 'finding.mx.implicit') &&
      ctx.view.sendsThroughExchangeOnline
    ) {
      actions.push(instruction('remediation.instruction.mx_exchange_online', { domain: ctx.domain }));
      continue;
    }
    actions.push(instruction(`remediation.instruction.mx.${suffix(f.key)}`, safeParams({ domain: ctx.domain, ...f.params })));
  }
  return [
    {
      id: 'mx-records',
      phase: 1,
      titleKey: 'remediation.step.mx-records.title',
      riskKey: 'remediation.step.mx-records.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions,
    },
  ];
}

// --------------------------------------------------------------------------------------- SPF

function spfChangeList(changes: SpfChange[]): string[] {
  return changes.map((c) => (c.kind === 'added' ? `+ ${c.term}` : c.kind === 'replaced' ? `${c.from} → ${c.to}` : `${c.records} → 1`));
}

/** Who sends for the domain as far as the assessment found, each with the sentence that says why it is in the record. */
function spfSenders(ctx: BuildContext): { sender: SpfSender; why: RemediationAction }[] {
  const out: { sender: SpfSender; why: RemediationAction }[] = [];
  const mx = mxData(ctx.a);
  // Microsoft's inbound hosts send nothing for the domain: Exchange Online is authorised by its include.
  const own = (mx?.hosts ?? []).filter((h) => !h.problem && exchangeOnlineMxZone(h.exchange) === undefined);
  const ownNames = mxHosts(ctx.a)
    .map((h) => h.exchange)
    .filter((h) => exchangeOnlineMxZone(h) === undefined);
  if (own.length > 0 && ownNames.length > 0)
    out.push({
      sender: { term: 'mx', addresses: own.flatMap((h) => [...h.ipv4, ...h.ipv6]) },
      why: instruction('remediation.instruction.spf_sender_mx', { hosts: ownNames }),
    });
  // MX discovery did not complete: the MX hosts are the likeliest senders, said as an assumption.
  else if (!mx) out.push({ sender: { term: 'mx' }, why: instruction('remediation.instruction.spf_sender_mx_assumed') });
  if (ctx.view.sendsThroughExchangeOnline)
    out.push({ sender: { term: EXO_SPF_INCLUDE }, why: instruction('remediation.instruction.spf_sender_exchange_online') });
  for (const extra of mx?.extraHosts ?? []) {
    const host = extra.name.toLowerCase().replace(/\.$/, '');
    const addresses = [...extra.ipv4, ...extra.ipv6];
    if (addresses.length === 0 || ownNames.includes(host) || !isValidDnsName(host, { allowServiceLabels: false })) continue;
    out.push({ sender: { term: `a:${host}`, addresses }, why: instruction('remediation.instruction.spf_sender_host', { host }) });
  }
  return out;
}

export function spfRecordSteps(ctx: BuildContext): StepDraft[] {
  const data = spfData(ctx.a);
  const missing = has(ctx, 'finding.spf.missing');
  const records = missing ? [] : data ? (data.records.length > 0 ? data.records : data.record ? [data.record] : []) : [];
  const addExo = has(ctx, 'finding.platform.spf_missing_exo_include') || (missing && ctx.view.sendsThroughExchangeOnline);
  const fixAll = ctx.findings.some((f) =>
    ['finding.spf.plus_all', 'finding.spf.neutral_all', 'finding.spf.no_all', 'finding.spf.multiple'].includes(f.key),
  );
  const pureExo = ctx.view.platform === 'exchange-online' && ctx.view.exchange.length === 1;
  const senders = spfSenders(ctx);
  const correction =
    !missing && records.length === 0
      ? undefined
      : correctSpf({
          records,
          senders: senders.map((x) => x.sender),
          addExchangeOnline: addExo,
          fixAll,
          // Exchange Online alone: Microsoft's advice is -all. A null MX domain without senders sends no mail.
          freshAll: pureExo || (senders.length === 0 && mxData(ctx.a)?.kind === 'null-mx') ? '-all' : '~all',
        });
  const actions: RemediationAction[] = [];
  if (correction) {
    const lookups =
      (data?.lookupCount ?? 0) +
      correction.changes.filter((c) => c.kind === 'added' && /^(include|a|mx|ptr|exists)\b/i.test(c.term)).length;
    actions.push(
      txtRecord(ctx.domain, correction.record, 3600, {
        noteKey: missing ? 'remediation.note.spf_new' : 'remediation.note.spf_changes',
        noteParams: {
          changes: spfChangeList(correction.changes),
          current: records.length === 1 ? records[0]! : records.length ? records : null,
        },
      }),
    );
    const added = new Set(correction.changes.flatMap((c) => (c.kind === 'added' ? [c.term] : [])));
    const narrowed = correction.changes.find((c) => c.kind === 'replaced');
    const listed = senders.filter((x) => added.has(x.sender.term));
    if (narrowed?.kind === 'replaced' && listed.length > 0)
      actions.push(instruction('remediation.instruction.spf_narrowed_keeps_senders', { from: narrowed.from }));
    actions.push(...listed.map((x) => x.why));
    if (records.length > 1) actions.push(instruction('remediation.instruction.spf_remove_other_records', { count: records.length }));
    if (!missing && lookups > (data?.lookupLimit ?? 10))
      actions.push(instruction('remediation.instruction.spf_still_over_limit', { count: lookups, limit: data?.lookupLimit ?? 10 }));
    if (correction.record.includes('~all')) actions.push(instruction('remediation.instruction.spf_hardfail_later'));
  } else {
    actions.push(instruction('remediation.instruction.spf_edit_manually', { domain: ctx.domain }));
  }
  if (has(ctx, 'finding.spf.string_too_long')) actions.push(instruction('remediation.instruction.spf_split_strings'));
  return [
    {
      id: 'spf-record',
      phase: 1,
      titleKey: 'remediation.step.spf-record.title',
      riskKey: 'remediation.step.spf-record.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions,
    },
  ];
}

/** RFC 7208 §4.6.4: over 10 DNS-querying terms is a permerror; the fix is fewer lookups, never a longer chain. */
export function spfLookupSteps(ctx: BuildContext): StepDraft[] {
  const data = spfData(ctx.a);
  const f = ctx.findings[0]!;
  return [
    {
      id: 'spf-lookups',
      phase: 1,
      titleKey: 'remediation.step.spf-lookups.title',
      riskKey: 'remediation.step.spf-lookups.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions: [
        instruction(
          'remediation.instruction.spf_flatten',
          safeParams({
            count: f.params.count ?? data?.lookupCount ?? null,
            limit: f.params.limit ?? 10,
            chain: data?.chain ?? listParam(f, 'chain'),
          }),
        ),
        instruction('remediation.instruction.spf_flatten_own'),
        instruction('remediation.instruction.spf_flatten_subdomain', { domain: ctx.domain }),
      ],
    },
  ];
}

/** Everything else in the SPF tree: one instruction per finding, with its own params. */
export function spfReviewSteps(ctx: BuildContext): StepDraft[] {
  const actions = ctx.findings.map((f) => instruction(`remediation.instruction.spf.${suffix(f.key)}`, safeParams(f.params)));
  return [
    {
      id: 'spf-review',
      phase: 1,
      titleKey: 'remediation.step.spf-review.title',
      riskKey: 'remediation.step.spf-review.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions,
    },
  ];
}

// -------------------------------------------------------------------------------------- DKIM

/**
 * The selector CNAME targets as DNS already shows them, when both are known, point at this
 * domain's keys and share one format (tenant, `onmicrosoft` or `<partition>.dkim.mail.microsoft`).
 * Never predicted: since 2025 new domains get `…<prefix>.<partition>-v1.dkim.mail.microsoft`
 * and the label is not always the domain with dashes; the authoritative values are
 * Selector1CNAME/Selector2CNAME of Get-DkimSigningConfig
 * (office-docs-powershell exchange/exchange-ps/ExchangePowerShell/Get-DkimSigningConfig.md).
 */
function exchangeOnlineDkimTargetsFromDns(ctx: BuildContext): [string, string] | undefined {
  const seen = dkimData(ctx.a)?.exchangeOnline.cnameTargets ?? [];
  const targets = (['selector1', 'selector2'] as const).map((selector) => {
    const t = seen.filter((x) => x.selector === selector);
    const target = t.length === 1 && t[0]!.domainMatches ? t[0]!.target.toLowerCase().replace(/\.$/, '') : undefined;
    const parsed = target ? parseExchangeOnlineDkimTarget(target) : undefined;
    return target && parsed?.selector === selector && isValidDnsName(target) ? { target, parsed } : undefined;
  });
  const [one, two] = targets;
  if (!one || !two) return undefined;
  // Same zone after `._domainkey.` (tenant, partition, onmicrosoft.com/.us) and the same domain label.
  const zone = (t: string) => t.slice(t.indexOf('._domainkey.'));
  const oneFormat = one.parsed.domainLabel === two.parsed.domainLabel && zone(one.target) === zone(two.target);
  return oneFormat ? [one.target, two.target] : undefined;
}

/** DKIM not (yet) signing for the domain: Exchange Online, Exchange Server or another signer. */
export function dkimSetupSteps(ctx: BuildContext): StepDraft[] {
  const { domain, view } = ctx;
  const steps: StepDraft[] = [];
  const exoFindings = findingsWith(ctx, ['finding.dkim.none_found', 'finding.dkim.exo_not_enabled', 'finding.dkim.exo_domain_mismatch']);
  const cnamesPublished = has(ctx, 'finding.dkim.exo_not_enabled') && !has(ctx, 'finding.dkim.exo_domain_mismatch');

  if (view.exchange.includes('exchange-online') && exoFindings.length > 0) {
    if (!cnamesPublished) {
      const getCnames = ps`Get-DkimSigningConfig -Identity ${domain} | Format-List Selector1CNAME, Selector2CNAME`;
      steps.push({
        id: 'dkim-exo-config',
        phase: 1,
        titleKey: 'remediation.step.dkim-exo-config.title',
        riskKey: 'remediation.step.dkim-exo-config.risk',
        platform: 'exchange-online',
        fixes: exoFindings,
        actions: [
          // -KeySize: the default is 1024, valid values 1024 and 2048
          // (office-docs-powershell exchange/exchange-ps/ExchangePowerShell/New-DkimSigningConfig.md).
          powershell(ps`New-DkimSigningConfig -DomainName ${domain} -Enabled $false -KeySize 2048`, {
            noteKey: 'remediation.note.dkim_exo_config_exists',
          }),
          powershell(getCnames),
        ],
      });
      const fromDns = exchangeOnlineDkimTargetsFromDns(ctx);
      const actions: RemediationAction[] = fromDns
        ? fromDns.map((target, i) =>
            cnameRecord(`selector${i + 1}._domainkey.${domain}`, target, 3600, { noteKey: 'remediation.note.dkim_exo_cname_from_dns' }),
          )
        : [
            instruction('remediation.instruction.dkim_exo_cnames_from_output', {
              names: [`selector1._domainkey.${domain}`, `selector2._domainkey.${domain}`],
              command: getCnames,
            }),
          ];
      steps.push({
        id: 'dkim-exo-cnames',
        phase: 1,
        titleKey: 'remediation.step.dkim-exo-cnames.title',
        riskKey: 'remediation.step.dkim-exo-cnames.risk',
        platform: 'dns-host',
        fixes: exoFindings,
        actions,
      });
    }
    steps.push({
      id: 'dkim-exo-enable',
      phase: 2,
      titleKey: 'remediation.step.dkim-exo-enable.title',
      riskKey: 'remediation.step.dkim-exo-enable.risk',
      platform: 'exchange-online',
      fixes: exoFindings,
      actions: [
        powershell(ps`Set-DkimSigningConfig -Identity ${domain} -Enabled $true`),
        powershell(ps`Get-DkimSigningConfig -Identity ${domain} | Format-List Enabled, Status, Selector1CNAME, Selector2CNAME`),
      ],
    });
  }

  const noneFound = findingsWith(ctx, ['finding.dkim.none_found']);
  if (noneFound.length > 0 && view.exchange.includes('exchange-server')) {
    steps.push({
      id: 'dkim-server-signer',
      phase: 1,
      titleKey: 'remediation.step.dkim-server-signer.title',
      riskKey: 'remediation.step.dkim-server-signer.risk',
      platform: 'exchange-server',
      fixes: noneFound,
      actions: [
        instruction('remediation.instruction.dkim_server_not_native'),
        instruction('remediation.instruction.dkim_server_publish', { domain }),
      ],
    });
  }
  if (noneFound.length > 0 && view.exchange.length === 0) {
    steps.push({
      id: 'dkim-signer',
      phase: 1,
      titleKey: 'remediation.step.dkim-signer.title',
      riskKey: 'remediation.step.dkim-signer.risk',
      platform: 'any',
      fixes: noneFound,
      actions: [
        instruction('remediation.instruction.dkim_enter_selector', { tried: listParam(noneFound[0]!, 'tried') }),
        instruction('remediation.instruction.dkim_server_publish', { domain }),
      ],
    });
  }
  return steps;
}

/**
 * Remove the testing flag (RFC 6376 §3.6.1 `t=y`) from a key record. Only the `t` tag changes;
 * every other byte stays as published, so nothing else about the key can shift.
 */
export function withoutTestingFlag(record: string): string | undefined {
  if (hasUnsafeCharacter(record)) return undefined;
  const segments = record.split(';');
  const i = segments.findIndex((seg) => /^\s*t\s*=/i.test(seg));
  if (i < 0) return undefined;
  const flags = segments[i]!.replace(/^\s*t\s*=/i, '')
    .split(':')
    .map((x) => x.trim())
    .filter((x) => x !== '' && x.toLowerCase() !== 'y');
  const lead = /^\s*/.exec(segments[i]!)![0];
  if (flags.length) segments[i] = `${lead}t=${flags.join(':')}`;
  else segments.splice(i, 1);
  return segments.join(';');
}

/** Problems with a published key record, per selector. */
export function dkimKeySteps(ctx: BuildContext): StepDraft[] {
  const { domain, view } = ctx;
  const dkim = dkimData(ctx.a);
  const exoSelectors = new Set(dkim?.exchangeOnline.selectors ?? []);
  const bySelector = new Map<string, Finding[]>();
  for (const f of ctx.findings) {
    const s = param(f, 'selector') ?? '';
    bySelector.set(s, [...(bySelector.get(s) ?? []), f]);
  }
  const steps: StepDraft[] = [];
  for (const [selector, findings] of bySelector) {
    const validSelector = isValidDnsName(`${selector}._domainkey.${domain}`) ? selector : undefined;
    const name = validSelector ? `${validSelector}._domainkey.${domain}` : domain;
    const weak = findings.filter((f) => f.key === 'finding.dkim.key_weak' || f.key === 'finding.dkim.key_too_short');
    if (weak.length > 0 && exoSelectors.has(selector) && view.exchange.includes('exchange-online')) {
      // Exchange Online rotates to the other selector; -KeySize 2048 sizes the new key (valid values 1024 and 2048,
      // office-docs-powershell exchange/exchange-ps/ExchangePowerShell/Rotate-DkimSigningConfig.md).
      steps.push({
        id: `dkim-exo-rotate:${selector}`,
        phase: 2,
        titleKey: 'remediation.step.dkim-exo-rotate.title',
        riskKey: 'remediation.step.dkim-exo-rotate.risk',
        platform: 'exchange-online',
        fixes: weak,
        actions: [
          powershell(ps`Rotate-DkimSigningConfig -Identity ${domain} -KeySize 2048`),
          powershell(
            ps`Get-DkimSigningConfig -Identity ${domain} | Format-List Selector1KeySize, Selector2KeySize, RotateOnDate, SelectorAfterRotateOnDate`,
          ),
        ],
      });
    }
    const rest = findings.filter((f) => !(weak.includes(f) && exoSelectors.has(selector) && view.exchange.includes('exchange-online')));
    if (rest.length === 0) continue;
    const actions: RemediationAction[] = [];
    for (const f of rest) {
      if (f.key === 'finding.dkim.testing') {
        const current = dkim?.selectors.find((s) => s.selector === selector)?.records.find((r) => /(^|;)\s*t\s*=/i.test(r));
        const fixed = current ? withoutTestingFlag(current) : undefined;
        if (fixed && validSelector) {
          actions.push(txtRecord(name, fixed, 3600, { noteKey: 'remediation.note.dkim_testing_removed', noteParams: { selector } }));
          continue;
        }
      }
      const which = f.key === 'finding.dkim.key_weak' || f.key === 'finding.dkim.key_too_short' ? 'rotate' : suffix(f.key);
      actions.push(
        instruction(`remediation.instruction.dkim.${KEY_INSTRUCTION[which] ?? 'fix_record'}`, safeParams({ selector, name, ...f.params })),
      );
    }
    steps.push({
      id: `dkim-key:${selector}`,
      phase: 2,
      titleKey: 'remediation.step.dkim-key.title',
      titleParams: { selector },
      riskKey: 'remediation.step.dkim-key.risk',
      platform: 'any',
      fixes: rest,
      actions: distinctByJson(actions),
    });
  }
  return steps;
}

const KEY_INSTRUCTION: Record<string, string> = {
  rotate: 'rotate',
  testing: 'testing',
  multiple_records: 'multiple_records',
  cname_no_key: 'cname_no_key',
  selector_not_found: 'selector_not_found',
};

// ------------------------------------------------------------------------------------- DMARC

const DMARC_EXISTENCE_KEYS = [
  'finding.dmarc.missing',
  'finding.dmarc.multiple',
  'finding.dmarc.ignored',
  'finding.dmarc.invalid_policy',
  'finding.dmarc.missing_policy',
];
const DMARC_POLICY_KEYS = [...DMARC_EXISTENCE_KEYS, 'finding.dmarc.policy_none'];
// pct is fixed with the record, not at the enforcement stage: RFC 9989 receivers ignore it already.
// pct=0 meant a trial, so it becomes t=y there, which the enforcement stage then removes.
const DMARC_ENFORCEMENT_KEYS = ['finding.dmarc.testing_mode', 'finding.dmarc.subdomain_policy_weaker'];

/** A report URI to copy, without the `!size` limit RFC 9989 made obsolete (§4.8, Appendix C.4). */
const dmarcReportUri = (u: { uri: string; address: string; domain: string }) =>
  reusableUri({ uri: u.uri, address: u.address, domain: u.domain });

/**
 * The staged DMARC plan (RFC 9989 §5.1.4–§5.1.7): publish p=none with aggregate reports, read
 * them until every legitimate sender passes SPF or DKIM aligned, then quarantine (t=y first if
 * wanted: §4.7 makes receivers apply none meanwhile), then reject. Never pct: RFC 9989 made it
 * historic (§9, Appendix A.6) and its receivers apply the policy to all mail whatever pct says.
 * A domain already at quarantine or reject gets a corrected record instead. Every record keeps
 * the user's valid report addresses and strict alignment, and the plan lists any tag it leaves out.
 */
export function dmarcSteps(ctx: BuildContext): StepDraft[] {
  const { domain } = ctx;
  const data = dmarcData(ctx.a);
  const found = data?.outcome === 'found' && !has(ctx, 'finding.dmarc.ignored');
  const parsed = found ? data?.parsed : undefined;
  const inherited = data?.source !== undefined && data.source !== 'domain';
  // An inheriting subdomain gets its own record: changing the organisational one would change every subdomain.
  const owner = `_dmarc.${inherited || !data?.policyDomain || !found ? domain : data.policyDomain}`;
  const applied: DmarcPolicy | undefined = found ? data?.appliedPolicy : undefined;

  const currentRua = (data?.parsed?.rua ?? []).map(dmarcReportUri).filter((u): u is string => u !== undefined);
  const exampleAddress = `dmarc-reports@${domain}`;
  const rua = currentRua.length > 0 ? currentRua : [`mailto:${exampleAddress}`];
  const ruf = (parsed?.ruf ?? []).map(dmarcReportUri).filter((u): u is string => u !== undefined);
  const weakerSubdomains = has(ctx, 'finding.dmarc.subdomain_policy_weaker');
  const keep = { rua, ruf, adkim: parsed?.adkim, aspf: parsed?.aspf, fo: parsed?.fo };
  const subOf = (p: DmarcPolicy) => ({
    ...(parsed?.sp && !weakerSubdomains && strongerOrEqual(parsed.sp, p) ? { sp: parsed.sp } : {}),
    ...(parsed?.np && !weakerSubdomains && strongerOrEqual(parsed.np, p) ? { np: parsed.np } : {}),
  });
  /** The record for one stage, with a note on left-out tags and on the example report address. */
  const recordActions = (text: string): RemediationAction[] => {
    const dropped = droppedDmarcTags(parsed, text);
    const example =
      currentRua.length === 0 ? { noteKey: 'remediation.note.dmarc_rua_example', noteParams: { address: exampleAddress } } : undefined;
    if (dropped.length === 0) return [txtRecord(owner, text, 3600, example ?? {})];
    return [
      txtRecord(owner, text, 3600, { noteKey: 'remediation.note.dmarc_dropped_tags', noteParams: { dropped } }),
      ...(example ? [instruction(example.noteKey, example.noteParams)] : []),
    ];
  };
  const stage = (p: DmarcPolicy, testing = false) => composeDmarc({ p, ...subOf(p), ...keep }) + (testing ? '; t=y' : '');

  const existence = findingsWith(ctx, DMARC_EXISTENCE_KEYS);
  const policy = findingsWith(ctx, DMARC_POLICY_KEYS);
  const enforcement = findingsWith(ctx, DMARC_ENFORCEMENT_KEYS);
  const other = ctx.findings.filter((f) => !policy.includes(f) && !enforcement.includes(f));
  const housekeeping: RemediationAction[] = [
    ...(has(ctx, 'finding.dmarc.multiple') ? [instruction('remediation.instruction.dmarc_single_record', { name: owner })] : []),
    ...findingsWith(ctx, ['finding.dmarc.discarded_record']).map((f) =>
      instruction('remediation.instruction.dmarc_discarded_record', safeParams(f.params)),
    ),
  ];
  const steps: StepDraft[] = [];

  if (applied === undefined || applied === 'none') {
    const alreadyMonitoring = applied === 'none' && currentRua.length > 0 && other.length === 0;
    if (!alreadyMonitoring) {
      steps.push({
        id: 'dmarc-monitor',
        phase: 1,
        titleKey: 'remediation.step.dmarc-monitor.title',
        riskKey: 'remediation.step.dmarc-monitor.risk',
        platform: 'dns-host',
        fixes: [...existence, ...other, ...enforcement],
        actions: [
          ...recordActions(stage('none')),
          ...housekeeping,
          instruction('remediation.instruction.dmarc_read_reports', {
            addresses: rua.map((u) => u.replace(/^mailto:/i, '').replace(/!.*$/, '')),
          }),
        ],
      });
    }
    steps.push({
      id: 'dmarc-quarantine',
      phase: 3,
      titleKey: 'remediation.step.dmarc-quarantine.title',
      riskKey: 'remediation.step.dmarc-quarantine.risk',
      platform: 'dns-host',
      fixes: policy,
      actions: [
        ...recordActions(stage('quarantine')),
        instruction('remediation.instruction.dmarc_testing_first', { record: stage('quarantine', true) }),
      ],
    });
    steps.push({
      id: 'dmarc-reject',
      phase: 4,
      titleKey: 'remediation.step.dmarc-reject.title',
      riskKey: 'remediation.step.dmarc-reject.risk',
      platform: 'dns-host',
      fixes: policy,
      actions: recordActions(stage('reject')),
    });
    return steps;
  }

  // Already quarantine or reject: fix reports and syntax now, keeping the testing flag. pct goes
  // (RFC 9989 receivers ignore it already); pct=0 becomes t=y, its replacement (Appendix A.6), which
  // puts RFC 9989 receivers back on trial. Only RFC 7489 receivers lose what pct did for them: the
  // plan says so. Full enforcement comes after observation.
  const fixNow = ctx.findings.filter((f) => !enforcement.includes(f));
  const trial = has(ctx, 'finding.dmarc.historic_pct_zero');
  if (fixNow.length > 0) {
    const testing = (parsed?.testing ?? false) || trial;
    const pct = parsed?.pct ?? 100;
    const dropped = has(ctx, 'finding.dmarc.historic_pct_partial') || trial;
    steps.push({
      id: 'dmarc-correct',
      phase: 1,
      titleKey: 'remediation.step.dmarc-correct.title',
      riskKey: 'remediation.step.dmarc-correct.risk',
      platform: 'dns-host',
      fixes: fixNow,
      actions: [
        ...recordActions(stage(applied, testing)),
        ...(dropped ? [instruction(`remediation.instruction.dmarc_pct_${trial ? 'zero' : 'dropped'}`, { pct, policy: applied })] : []),
        ...housekeeping,
      ],
    });
  }
  if (enforcement.length > 0 || trial) {
    steps.push({
      id: 'dmarc-enforce',
      phase: 3,
      titleKey: 'remediation.step.dmarc-enforce.title',
      titleParams: { policy: applied },
      riskKey: 'remediation.step.dmarc-enforce.risk',
      platform: 'dns-host',
      fixes: enforcement,
      actions: recordActions(stage(applied)),
    });
  }
  return steps;
}

/** RFC 7489 §7.1, kept by the DMARCbis reporting documents: the report receiver's domain consents by publishing `<policy-domain>._report._dmarc.<receiver>`. */
export function dmarcExternalSteps(ctx: BuildContext): StepDraft[] {
  return ctx.findings.map((f, i) => {
    const name = nameParam(f, 'name', { allowServiceLabels: true });
    const host = nameParam(f, 'host', { allowServiceLabels: false }) ?? String(i);
    const actions: RemediationAction[] = name
      ? [txtRecord(name, 'v=DMARC1', 3600, { noteKey: 'remediation.note.dmarc_external_published_by_receiver', noteParams: { host } })]
      : [instruction('remediation.instruction.dmarc_external', safeParams(f.params))];
    actions.push(instruction('remediation.instruction.dmarc_external_alternative', { host, domain: ctx.domain }));
    return {
      id: `dmarc-external:${host}`,
      phase: 1,
      titleKey: 'remediation.step.dmarc-external.title',
      titleParams: { host },
      riskKey: 'remediation.step.dmarc-external.risk',
      platform: 'dns-host',
      fixes: [f],
      actions,
    };
  });
}
