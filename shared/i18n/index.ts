/**
 * Message catalogue. Findings, errors and UI labels are keys rendered here for the CLI, the
 * wizard and the PDF alike. Templates use `{name}` placeholders filled from a finding's params;
 * params are inserted as text (never markup).
 */
import type { Language, ParamValue } from '../assessment';
import type { MessageBundle } from './types';
import { commonMessages } from './messages/common';
import { mxMessages } from './messages/mx';
import { spfMessages } from './messages/spf';
import { dmarcMessages } from './messages/dmarc';
import { dkimMessages } from './messages/dkim';
import { platformMessages } from './messages/platform';
import { starttlsMessages } from './messages/starttls';
import { certificateMessages } from './messages/certificate';
import { tlsMessages } from './messages/tls';
import { reportMessages } from './messages/report';
import { uiMessages } from './messages/ui';
import { requirementMessages } from './messages/requirements';
import { remediationMessages } from './messages/remediation';

const bundles: MessageBundle[] = [commonMessages, mxMessages, spfMessages, dmarcMessages, dkimMessages, platformMessages, reportMessages, starttlsMessages, certificateMessages, tlsMessages, uiMessages, requirementMessages, remediationMessages];

function merge(lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of bundles) Object.assign(out, b[lang]);
  return out;
}

export const messages: Record<Language, Record<string, string>> = { cs: merge('cs'), en: merge('en') };

export const DEFAULT_LANGUAGE: Language = 'cs';

export function hasMessage(key: string, lang: Language = DEFAULT_LANGUAGE): boolean {
  return Object.hasOwn(messages[lang], key);
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
  const template = messages[lang][key] ?? messages[DEFAULT_LANGUAGE][key];
  if (template === undefined) return key;
  return template.replace(/\{([a-zA-Z0-9_]+)(?:\|([a-z0-9_.-]+))?\}/g, (whole, name: string, prefix: string | undefined) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    if (prefix === undefined || value === null || value === undefined || typeof value === 'boolean') return paramText(value, lang);
    const items = Array.isArray(value) ? value : [String(value)];
    return items.map((item) => translate(lang, `${prefix}.${item}`)).join(', ');
  });
}
