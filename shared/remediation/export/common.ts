/**
 * What every exported plan file shares: the options, the translated texts made safe for a
 * comment line, and the plan order of the records at the DNS host.
 */
import type { Assessment, Language, ParamValue } from '../../assessment';
import { visible } from '../../display';
import { translate } from '../../i18n/index';
import { effectiveFindings } from '../../requirements';
import type { RemediationAction, RemediationPlan, RemediationStep } from '../types';

export interface PlanExportOptions {
  lang: Language;
  /** the version of MailAudit that writes the files */
  version: string;
  /** when the files are made */
  generatedAt: Date;
}

/** One file of the export; `encoding` is how `encodeExportFile` turns the text into bytes. */
export interface PlanExportFile {
  name: string;
  text: string;
  /**
   * utf8-bom: Windows PowerShell 5.1 reads a script without a BOM in the ANSI code page, where
   * UTF-8 bytes of e.g. U+0451 decode to U+2018, a quote character: the BOM keeps literals literal.
   * utf16le-bom: the encoding regedit writes for "Version 5.00" files.
   */
  encoding: 'utf8' | 'utf8-bom' | 'utf16le-bom';
}

export interface ExportContext extends PlanExportOptions {
  a: Assessment;
  plan: RemediationPlan;
  /** the assessed domain, A-label, without the trailing dot */
  domain: string;
}

export type DnsRecordAction = Extract<RemediationAction, { kind: 'dns-record' }>;
export type FileAction = Extract<RemediationAction, { kind: 'file' }>;

/** A file action's name as an export file name: plain characters only, never a path. */
export const EXPORT_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The line that says where a file of the plan goes and that the export carries it. */
export function fileLine(ctx: Pick<ExportContext, 'lang'>, action: FileAction): string {
  return tr(ctx, 'remediation.export.file', { name: action.name, path: action.path ?? '—' });
}

/**
 * Text for one comment line: every character that could end the line or change how it reads
 * (line breaks, controls, bidi overrides: display.ts) becomes a visible escape, runs of spaces one.
 */
export function oneLine(text: string): string {
  return visible(text).replace(/ {2,}/g, ' ').trim();
}

export function tr(ctx: Pick<ExportContext, 'lang'>, key: string, params: Record<string, ParamValue> = {}): string {
  return oneLine(translate(ctx.lang, key, params));
}

/** An ISO time without milliseconds, in UTC: the same in every time zone the file is read in. */
export function isoMinute(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  return Number.isNaN(d.getTime()) ? oneLine(String(date)) : `${d.toISOString().slice(0, 16)}Z`;
}

export function generatedLine(ctx: ExportContext): string {
  return tr(ctx, 'ui.plan_export.generated', {
    time: isoMinute(ctx.generatedAt),
    version: ctx.version,
    assessed: isoMinute(ctx.a.startedAt),
    assessedVersion: ctx.a.toolVersion,
  });
}

export function domainLine(ctx: ExportContext): string {
  const unicode = ctx.a.request.domainUnicode;
  return tr(ctx, 'ui.plan_export.domain', { domain: unicode && unicode !== ctx.domain ? `${unicode} (${ctx.domain})` : ctx.domain });
}

export function stepLine(ctx: Pick<ExportContext, 'lang'>, step: RemediationStep): string {
  return tr(ctx, 'ui.plan_export.step', {
    order: step.order,
    phase: translate(ctx.lang, `remediation.phase.${step.phase}`),
    title: translate(ctx.lang, step.titleKey, step.titleParams ?? {}),
  });
}

export function riskLine(ctx: Pick<ExportContext, 'lang'>, step: RemediationStep): string {
  return tr(ctx, 'ui.plan_export.risk', { risk: translate(ctx.lang, step.riskKey, step.riskParams ?? {}) });
}

/** The messages of the findings a step fixes, as the assessment holds them (with their params). */
export function whyLines(ctx: ExportContext, step: RemediationStep): string[] {
  const findings = effectiveFindings(ctx.a);
  const out: string[] = [];
  for (const fix of step.fixes) {
    const f = findings.find((x) => x.key === fix.key && x.target === fix.target);
    if (!f) continue;
    const line = tr(ctx, f.key, f.params);
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

export function actionText(ctx: Pick<ExportContext, 'lang'>, action: RemediationAction): string | undefined {
  if (action.kind === 'instruction') return tr(ctx, action.key, action.params ?? {});
  if ((action.kind === 'powershell' || action.kind === 'dns-record' || action.kind === 'file') && action.noteKey)
    return tr(ctx, 'ui.plan_export.note', { note: translate(ctx.lang, action.noteKey, action.noteParams ?? {}) });
  return undefined;
}

/** How a record of the plan relates to the records of earlier steps. */
export type RecordRole =
  | { kind: 'publish' }
  /** a later step's record that replaces the one of step `previous` (DMARC none → quarantine, MX preference) */
  | { kind: 'change'; previous: number }
  /** the very same record again */
  | { kind: 'same'; previous: number };

export interface PlannedRecord {
  step: RemediationStep;
  action: DnsRecordAction;
  role: RecordRole;
  /** the owner is not at or below the assessed domain */
  outside: boolean;
}

/**
 * Records that occupy one "slot" of a zone: a CNAME owns its name; SPF, DMARC, DKIM and other
 * `v=` TXT records allow one per name (RFC 7208 §4.5, RFC 7489 §6.6.3); an MX host has one preference.
 */
function slotOf(r: DnsRecordAction): string {
  const owner = r.name.toLowerCase();
  switch (r.type) {
    case 'CNAME':
      return `${owner} CNAME`;
    case 'TXT': {
      const version = /^v=([A-Za-z0-9]+)/.exec(r.value)?.[1];
      return version ? `${owner} TXT v=${version.toLowerCase()}` : `${owner} TXT ${r.value}`;
    }
    case 'MX':
      return `${owner} MX ${r.value.split(' ')[1]?.toLowerCase() ?? r.value}`;
    default:
      return `${owner} ${r.type} ${r.value.toLowerCase()}`;
  }
}

/** Every dns-record action of the plan, in plan order, with its role. */
export function plannedRecords(ctx: Pick<ExportContext, 'plan' | 'domain'>): PlannedRecord[] {
  const slots = new Map<string, { step: number; zoneFile: string }>();
  const out: PlannedRecord[] = [];
  const domain = ctx.domain.toLowerCase();
  for (const step of ctx.plan.steps) {
    for (const action of step.actions) {
      if (action.kind !== 'dns-record') continue;
      const slot = slotOf(action);
      const before = slots.get(slot);
      const role: RecordRole =
        before === undefined
          ? { kind: 'publish' }
          : before.zoneFile === action.zoneFile
            ? { kind: 'same', previous: before.step }
            : { kind: 'change', previous: before.step };
      if (role.kind !== 'same') slots.set(slot, { step: step.order, zoneFile: action.zoneFile });
      const owner = action.name.toLowerCase();
      out.push({ step, action, role, outside: owner !== domain && !owner.endsWith(`.${domain}`) });
    }
  }
  return out;
}
