/**
 * Message catalogue. Findings, errors and UI labels are keys rendered here for the CLI, the
 * wizard and the PDF alike. Templates use `{name}` placeholders filled from a finding's params;
 * params are inserted as text (never markup).
 */
import { specs } from '../../electron/engine/checks/specs';
import type { Language, ParamValue } from '../assessment';
import type { MessageBundle } from './types';
import { commonMessages } from './messages/common';
import { reportMessages } from './messages/report';
import { uiMessages } from './messages/ui';
import { requirementMessages } from './messages/requirements';
import { remediationMessages } from './messages/remediation';
import { readinessMessages } from './messages/readiness';

/** Each check's texts come from its spec: its name, its finding keys, its other messages. */
function checkBundles(): MessageBundle[] {
  return specs.flatMap((spec) => {
    const findings = Object.entries(spec.findings);
    const own: MessageBundle = {
      cs: { [`check.${spec.id}`]: spec.name.cs, ...Object.fromEntries(findings.map(([key, d]) => [key, d.cs])) },
      en: { [`check.${spec.id}`]: spec.name.en, ...Object.fromEntries(findings.map(([key, d]) => [key, d.en])) },
    };
    return spec.messages ? [own, spec.messages] : [own];
  });
}

const bundles: MessageBundle[] = [
  commonMessages,
  reportMessages,
  uiMessages,
  requirementMessages,
  remediationMessages,
  readinessMessages,
  ...checkBundles(),
];

function merge(lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of bundles) {
    for (const [key, text] of Object.entries(b[lang])) {
      // Checks of one family (TLS) share declarations; two different texts for one key are a bug.
      if (Object.hasOwn(out, key) && out[key] !== text) throw new Error(`message ${key} (${lang}) is declared twice with different texts`);
      out[key] = text;
    }
  }
  return out;
}

export const messages: Record<Language, Record<string, string>> = { cs: merge('cs'), en: merge('en') };

export const DEFAULT_LANGUAGE: Language = 'cs';

export function hasMessage(key: string, lang: Language = DEFAULT_LANGUAGE): boolean {
  return Object.hasOwn(messages[lang], key);
}

function ownMessage(lang: Language, key: string): string | undefined {
  const bundle = messages[lang];
  return Object.hasOwn(bundle, key) ? bundle[key] : undefined;
}

function paramText(value: ParamValue | undefined, lang: Language): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return translate(lang, value ? 'common.yes' : 'common.no');
  return String(value);
}

/**
 * Renders `key` in `lang`; an unknown key renders as the key itself so nothing is silently lost.
 * `{name|prefix}` renders the param's value(s) as the message `prefix.<value>` (e.g. a check id
 * as the check's name), so params stay language-neutral.
 */
export function translate(lang: Language, key: string, params: Record<string, ParamValue> = {}): string {
  // Own keys only: `constructor` or `__proto__` (from a file or a param value) is an unknown key,
  // not a function found on Object.prototype.
  const template = ownMessage(lang, key) ?? ownMessage(DEFAULT_LANGUAGE, key);
  if (template === undefined) return key;
  return template.replace(/\{([a-zA-Z0-9_]+)(?:\|([a-z0-9_.-]+))?\}/g, (whole, name: string, prefix: string | undefined) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    if (prefix === undefined || value === null || value === undefined || typeof value === 'boolean') return paramText(value, lang);
    const items = Array.isArray(value) ? value : [String(value)];
    return items.map((item) => translate(lang, `${prefix}.${item}`)).join(', ');
  });
}
