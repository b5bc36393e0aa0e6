/**
 * `registry.reg`: every registry value of the plan, each key once with its values under it, in
 * plan order; a value named twice keeps the later step's data (a later step supersedes).
 * Paths and names go through quote.ts (`registryPath`, `regString`), comments through `oneLine`.
 */
import { registryPath, regString } from '../../quote';
import type { RemediationAction } from '../types';
import { domainLine, generatedLine, oneLine, tr, type ExportContext, type PlanExportFile } from './common';

export const REGISTRY_FILE = 'registry.reg';

type RegistryAction = Extract<RemediationAction, { kind: 'registry' }>;

function regData(action: RegistryAction): string {
  if (action.valueType === 'String') return regString(action.value);
  const n = Number(action.value);
  if (!/^\d{1,10}$/.test(action.value) || n > 0xffffffff) throw new RangeError(`not a DWORD: ${action.value}`);
  return `dword:${n.toString(16).padStart(8, '0')}`;
}

export function buildRegistryFile(ctx: ExportContext): PlanExportFile | undefined {
  const keys = new Map<string, { key: string; steps: number[]; values: Map<string, string> }>();
  for (const step of ctx.plan.steps) {
    for (const action of step.actions) {
      if (action.kind !== 'registry') continue;
      const key = registryPath(action.path).reg;
      const entry = keys.get(key.toLowerCase()) ?? { key, steps: [], values: new Map<string, string>() };
      if (!entry.steps.includes(step.order)) entry.steps.push(step.order);
      // Registry names are case-insensitive: one line per name whatever its case.
      const name = regString(action.name);
      entry.values.set(name.toLowerCase(), `${name}=${regData(action)}`);
      keys.set(key.toLowerCase(), entry);
    }
  }
  if (keys.size === 0) return undefined;
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    `; ${tr(ctx, 'ui.plan_export.reg.title')}`,
    `; ${domainLine(ctx)}`,
    `; ${generatedLine(ctx)}`,
  ];
  for (const entry of keys.values()) {
    lines.push(
      '',
      `; ${oneLine(tr(ctx, 'ui.plan_export.reg.steps', { steps: entry.steps.join(', ') }))}`,
      `[${entry.key}]`,
      ...entry.values.values(),
    );
  }
  // regedit's own exports end with an empty line, CRLF throughout.
  return { name: REGISTRY_FILE, text: `${lines.join('\r\n')}\r\n\r\n`, encoding: 'utf16le-bom' };
}
