/**
 * The domain step's validation, as plain functions (tested without a browser): the same
 * parseDomainName the engine uses, so what the form accepts is exactly what the engine accepts.
 */
import { PLATFORM_HINTS, type AssessmentRequestInput, type Language, type PlatformHint } from '../../../shared/assessment';
import { parseDomainName, type DomainNameError } from '../../../shared/domain-name';

export type NameCheck = { input: string; ok: true; ascii: string; unicode: string } | { input: string; ok: false; reason: DomainNameError };

/** Items of a free-text list: separated by commas, semicolons, spaces or line breaks; duplicates dropped. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of text.split(/[\s,;]+/u)) {
    if (item === '' || seen.has(item.toLowerCase())) continue;
    seen.add(item.toLowerCase());
    out.push(item);
  }
  return out;
}

export function checkName(input: string, options: { allowSingleLabel?: boolean } = {}): NameCheck {
  const parsed = parseDomainName(input, options);
  return parsed.ok ? { input, ok: true, ascii: parsed.ascii, unicode: parsed.unicode } : { input, ok: false, reason: parsed.reason };
}

/** RFC 6376 §3.1: a DKIM selector is one or more labels, so a single label is fine. */
export function checkSelectors(text: string): NameCheck[] {
  return splitList(text).map((s) => checkName(s, { allowSingleLabel: true }));
}

export function checkHosts(text: string): NameCheck[] {
  return splitList(text).map((h) => checkName(h));
}

/** Limits of AssessmentRequestSchema, checked here so the form says so before the engine refuses. */
export const LIMITS = { name: 200, hosts: 50, selectors: 50 } as const;

export interface DomainFields {
  domain: string;
  clientName: string;
  consultantName: string;
  extraHosts: string;
  dkimSelectors: string;
  platformHint: PlatformHint;
}

export function emptyFields(): DomainFields {
  return { domain: '', clientName: '', consultantName: '', extraHosts: '', dkimSelectors: '', platformHint: 'unknown' };
}

export interface FieldErrors {
  domain?: { key: string };
  clientName?: { key: string };
  consultantName?: { key: string };
  extraHosts?: { key: string; params: Record<string, string> };
  dkimSelectors?: { key: string; params: Record<string, string> };
}

function listError(checks: NameCheck[], limit: number): { key: string; params: Record<string, string> } | undefined {
  const bad = checks.find((c) => !c.ok);
  if (bad && !bad.ok) return { key: 'ui.domain.list_invalid', params: { item: bad.input, reason: `domain.${bad.reason}` } };
  if (checks.length > limit) return { key: 'ui.domain.list_too_long', params: { limit: String(limit) } };
  return undefined;
}

export function validateFields(fields: DomainFields): FieldErrors {
  const errors: FieldErrors = {};
  const domain = checkName(fields.domain);
  if (!domain.ok) errors.domain = { key: `domain.${domain.reason}` };
  if (fields.clientName.length > LIMITS.name) errors.clientName = { key: 'ui.domain.name_too_long' };
  if (fields.consultantName.length > LIMITS.name) errors.consultantName = { key: 'ui.domain.name_too_long' };
  const hosts = listError(checkHosts(fields.extraHosts), LIMITS.hosts);
  if (hosts) errors.extraHosts = hosts;
  const selectors = listError(checkSelectors(fields.dkimSelectors), LIMITS.selectors);
  if (selectors) errors.dkimSelectors = selectors;
  return errors;
}

/** The request for `assessment:start`, or undefined while a field is invalid. */
export function buildRequest(fields: DomainFields, language: Language): AssessmentRequestInput | undefined {
  if (Object.keys(validateFields(fields)).length > 0) return undefined;
  const client = fields.clientName.trim();
  const consultant = fields.consultantName.trim();
  return {
    domain: fields.domain.trim(),
    ...(client ? { clientName: client } : {}),
    ...(consultant ? { consultantName: consultant } : {}),
    extraHosts: splitList(fields.extraHosts),
    dkimSelectors: splitList(fields.dkimSelectors),
    platformHint: PLATFORM_HINTS.includes(fields.platformHint) ? fields.platformHint : 'unknown',
    language,
  };
}
