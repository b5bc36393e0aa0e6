import type { Finding, ParamValue } from '../../assessment';
import { hasUnsafeCharacter, isValidDnsName } from '../../quote';
import { visible } from '../../display';

/** Whether a param holds something to show: not absent, not an empty or blank string, not an empty list. */
export function hasValue(v: ParamValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some((x) => x.trim() !== '');
  return true;
}

/** A string param, or undefined when absent or not a string. */
export function param(f: Finding, name: string): string | undefined {
  const v = f.params[name];
  return typeof v === 'string' ? v : undefined;
}

export function listParam(f: Finding, name: string): string[] {
  const v = f.params[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** A host or DNS name from a finding's params, only when it is a valid name. */
export function nameParam(f: Finding, name: string, options: { allowServiceLabels?: boolean } = {}): string | undefined {
  const v = param(f, name)?.toLowerCase().replace(/\.$/, '');
  return v !== undefined && isValidDnsName(v, options) ? v : undefined;
}

/** Params copied for an instruction: text only, without values that would break a line. */
export function safeParams(params: Record<string, ParamValue>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' && hasUnsafeCharacter(v)) out[k] = visible(v);
    else if (Array.isArray(v)) out[k] = v.map((x) => (hasUnsafeCharacter(x) ? visible(x) : x));
    else out[k] = v;
  }
  return out;
}

export const suffix = (s: string) => s.replace(/^finding\.[a-z0-9_-]+\./, '');
