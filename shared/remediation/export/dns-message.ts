/**
 * `dns-administrator.txt`: a message to whoever runs the domain's DNS, in the chosen language.
 * Every step that touches DNS, in plan order: why (the findings it fixes), each record with name,
 * type, TTL and value (to publish, or to change in place of an earlier step's), and the step's
 * instructions, which say what to remove. Data from the assessment is shown through `oneLine`.
 */
import { domainLine, fileLine, generatedLine, oneLine, plannedRecords, riskLine, stepLine, tr, actionText, whyLines } from './common';
import type { ExportContext, PlanExportFile } from './common';

export const MESSAGE_FILE = 'dns-administrator.txt';

export function buildDnsMessage(ctx: ExportContext): PlanExportFile {
  const records = plannedRecords(ctx);
  const steps = ctx.plan.steps.filter((s) => s.platform === 'dns-host' || s.actions.some((a) => a.kind === 'dns-record'));
  const lines = [
    tr(ctx, 'ui.plan_export.msg.subject', { domain: ctx.domain }),
    '',
    tr(ctx, 'ui.plan_export.msg.greeting'),
    '',
    tr(ctx, 'ui.plan_export.msg.intro', { domain: ctx.domain }),
    '',
  ];
  if (steps.length === 0) lines.push(tr(ctx, 'ui.plan_export.msg.none'), '');
  const label = (key: string) => tr(ctx, `ui.plan_export.msg.${key}`);
  for (const step of steps) {
    lines.push(stepLine(ctx, step));
    for (const why of whyLines(ctx, step)) lines.push(`  ${tr(ctx, 'ui.plan_export.why', { why })}`);
    lines.push(`  ${riskLine(ctx, step)}`);
    for (const r of records.filter((x) => x.step === step)) {
      const head =
        r.role.kind === 'publish' ? label('publish') : tr(ctx, `ui.plan_export.msg.${r.role.kind}`, { previous: r.role.previous });
      lines.push(
        '',
        `  ${head}`,
        `    ${label('name')} ${r.action.name}.`,
        `    ${label('type')} ${r.action.type}`,
        `    ${label('ttl')} ${r.action.ttl ?? '—'}`,
        `    ${label('value')} ${oneLine(r.action.value)}`,
        `    ${label('zone_line')} ${oneLine(r.action.zoneFile)}`,
      );
      if (r.outside) lines.push(`    ${tr(ctx, 'ui.plan_export.zone.outside', { domain: ctx.domain, name: r.action.name })}`);
      const note = actionText(ctx, r.action);
      if (note) lines.push(`    ${note}`);
    }
    // A file to publish (the MTA-STS policy): where it goes, its lines, and that the export carries it.
    for (const a of step.actions) {
      if (a.kind !== 'file') continue;
      lines.push(
        '',
        `  ${fileLine(ctx, a)}`,
        ...a.content
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => `    ${oneLine(l)}`),
      );
      const note = actionText(ctx, a);
      if (note) lines.push(`    ${note}`);
    }
    const instructions = step.actions.filter((a) => a.kind === 'instruction');
    if (instructions.length > 0) {
      lines.push('', `  ${label('instructions')}`);
      for (const a of instructions) lines.push(`    - ${actionText(ctx, a) ?? ''}`);
    }
    lines.push('');
  }
  lines.push(tr(ctx, 'ui.plan_export.msg.closing'), '', `-- ${domainLine(ctx)}`, `-- ${generatedLine(ctx)}`, '');
  return { name: MESSAGE_FILE, text: lines.join('\n'), encoding: 'utf8' };
}
