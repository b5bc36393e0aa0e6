/**
 * `dns-records.zone`: the records of the plan as a zone-file snippet for `$INCLUDE` (or pasting)
 * into the domain's zone: `$ORIGIN` of the domain, a `;` comment per step, the records' own
 * `zoneFile` lines (absolute owner names, quoted by quote.ts). A record a later step puts in
 * place of an earlier one (DMARC none → quarantine → reject) is written as a `;; ` line, so
 * including the file publishes one coherent state: the records to publish now.
 */
import { dnsName } from '../../quote';
import { domainLine, generatedLine, oneLine, plannedRecords, stepLine, tr, type ExportContext, type PlanExportFile } from './common';

export const ZONE_FILE = 'dns-records.zone';

/** Marks a record line of a later step in the snippet (a comment to BIND). */
export const LATER_RECORD_PREFIX = ';; ';

export function buildZoneSnippet(ctx: ExportContext): PlanExportFile | undefined {
  const records = plannedRecords(ctx);
  if (records.length === 0) return undefined;
  const c = (text: string) => `; ${oneLine(text)}`;
  const lines = [
    c(tr(ctx, 'ui.plan_export.zone.title', { domain: ctx.domain })),
    c(domainLine(ctx)),
    c(generatedLine(ctx)),
    c(tr(ctx, 'ui.plan_export.zone.include')),
    `$ORIGIN ${dnsName(ctx.domain)}`,
  ];
  let current: number | undefined;
  for (const r of records) {
    if (r.step.order !== current) {
      current = r.step.order;
      lines.push('', c(stepLine(ctx, r.step)));
    }
    if (r.outside) lines.push(c(tr(ctx, 'ui.plan_export.zone.outside', { domain: ctx.domain, name: r.action.name })));
    if (r.action.noteKey) lines.push(c(tr(ctx, r.action.noteKey, r.action.noteParams ?? {})));
    if (r.role.kind === 'publish') {
      lines.push(r.action.zoneFile);
    } else {
      const key = r.role.kind === 'change' ? 'ui.plan_export.zone.later' : 'ui.plan_export.zone.same';
      lines.push(c(tr(ctx, key, { order: r.step.order, previous: r.role.previous })), `${LATER_RECORD_PREFIX}${r.action.zoneFile}`);
    }
  }
  return { name: ZONE_FILE, text: `${lines.join('\n')}\n`, encoding: 'utf8' };
}
