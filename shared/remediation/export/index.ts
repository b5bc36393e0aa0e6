/**
 * The remediation plan as files for the people who carry it out: a PowerShell script per
 * Exchange platform, the registry values as a .reg file, the DNS records as a zone snippet and a
 * message to the DNS administrator. Pure: the electron side writes the bytes (plan-export.ts).
 */
import type { Assessment } from '../../assessment';
import { parseDomainName } from '../../domain-name';
import { buildRemediationPlan } from '../index';
import type { RemediationPlan } from '../types';
import { EXPORT_FILE_NAME, type ExportContext, type PlanExportFile, type PlanExportOptions } from './common';
import { buildDnsMessage } from './dns-message';
import { buildZoneSnippet } from './dns-zone';
import { buildPowerShellScript } from './powershell-script';
import { buildRegistryFile } from './registry-file';

export type { PlanExportFile, PlanExportOptions } from './common';
export { LATER_RECORD_PREFIX } from './dns-zone';

/** The files for an assessment's plan (`plan` for tests that build one by hand), in a fixed order. */
export function buildPlanExport(
  a: Assessment,
  options: PlanExportOptions,
  plan: RemediationPlan = buildRemediationPlan(a),
): PlanExportFile[] {
  const parsed = parseDomainName(a.request.domain);
  const domain = parsed.ok ? parsed.ascii : a.request.domain;
  const ctx: ExportContext = { ...options, a, plan, domain };
  const files = [
    buildPowerShellScript(ctx, 'exchange-online'),
    buildPowerShellScript(ctx, 'exchange-server'),
    buildRegistryFile(ctx),
    buildZoneSnippet(ctx),
    buildDnsMessage(ctx),
  ].filter((f): f is PlanExportFile => f !== undefined);
  // Files the plan asks to save (the MTA-STS policy) go as they are, each once (a later step's wins).
  const saved = new Map<string, PlanExportFile>();
  for (const step of plan.steps)
    for (const a of step.actions)
      if (a.kind === 'file' && EXPORT_FILE_NAME.test(a.name) && !files.some((f) => f.name === a.name))
        saved.set(a.name, { name: a.name, text: a.content, encoding: 'utf8' });
  return [...files, ...saved.values()];
}

/** The bytes of a file: UTF-8, UTF-8 with a BOM, or UTF-16LE with a BOM (see PlanExportFile). */
export function encodeExportFile(file: PlanExportFile): Uint8Array {
  if (file.encoding === 'utf16le-bom') {
    const text = `\uFEFF${file.text}`;
    const out = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      out[2 * i] = unit & 0xff;
      out[2 * i + 1] = unit >> 8;
    }
    return out;
  }
  return new TextEncoder().encode(file.encoding === 'utf8-bom' ? `\uFEFF${file.text}` : file.text);
}
