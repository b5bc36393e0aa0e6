/**
 * Parsers for MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) texts, and the MX pattern match. Pure:
 * the check and the tests use them, and nothing here touches the network.
 */

// ------------------------------------------------------------------ _mta-sts TXT (RFC 8461 §3.1)

export type StsRecordProblem = 'missing_id' | 'invalid_id' | 'duplicate_field' | 'malformed_field';

export interface StsRecord {
  id?: string;
  problems: { code: StsRecordProblem; value?: string }[];
}

/** RFC 8461 §3.1: records that do not begin with `v=STSv1;` are discarded (case-sensitive, %s). */
export function isStsRecord(text: string): boolean {
  return /^v=STSv1\s*(;|$)/.test(text);
}

const STS_ID = /^[A-Za-z0-9]{1,32}$/;
const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// sts-ext-value: visible characters except "=", ";" and space.
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

export function parseStsRecord(text: string): StsRecord {
  const problems: StsRecord['problems'] = [];
  const fields = text
    .split(';')
    .slice(1)
    .map((f) => f.trim())
    .filter((f) => f !== '');
  let id: string | undefined;
  const seen = new Set<string>();
  for (const field of fields) {
    const eq = field.indexOf('=');
    const name = eq > 0 ? field.slice(0, eq) : '';
    const value = eq > 0 ? field.slice(eq + 1) : '';
    if (!EXT_NAME.test(name) || value === '') {
      problems.push({ code: 'malformed_field', value: field });
      continue;
    }
    if (seen.has(name)) problems.push({ code: 'duplicate_field', value: name });
    seen.add(name);
    if (name === 'id') {
      // sts-id = 1*32(ALPHA / DIGIT)
      if (STS_ID.test(value)) id ??= value;
      else problems.push({ code: 'invalid_id', value });
    } else if (!EXT_VALUE.test(value)) {
      problems.push({ code: 'malformed_field', value: field });
    }
  }
  if (id === undefined && !problems.some((p) => p.code === 'invalid_id')) problems.push({ code: 'missing_id' });
  return { ...(id !== undefined ? { id } : {}), problems };
}

// --------------------------------------------------------------- policy file (RFC 8461 §3.2)

export type StsMode = 'enforce' | 'testing' | 'none';

/** RFC 8461 §3.2: max_age is at most 31557600 seconds (one year). */
export const MAX_AGE_LIMIT = 31_557_600;

export type PolicyProblem =
  | { code: 'missing_field'; field: 'version' | 'mode' | 'max_age' | 'mx' }
  | { code: 'invalid_field'; field: 'version' | 'mode' | 'max_age' | 'mx'; value: string }
  | { code: 'duplicate_field'; field: 'version' | 'mode' | 'max_age'; value: string }
  | { code: 'invalid_line'; value: string };

export interface StsPolicy {
  version?: string;
  mode?: StsMode;
  maxAge?: number;
  /** valid patterns, lower-case, as written (`*.example.com` or `mail.example.com`) */
  mx: string[];
  problems: PolicyProblem[];
}

/** A host name of at least two LDH labels (RFC 1035 §2.3.1 preferred syntax, A-labels allowed). */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
function isHostName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((l) => LABEL.test(l));
}

/** sts-policy-mx-value = ["*."] Domain */
export function isMxPattern(pattern: string): boolean {
  const p = pattern.toLowerCase();
  return isHostName(p.startsWith('*.') ? p.slice(2) : p);
}

export function parsePolicy(text: string): StsPolicy {
  const policy: StsPolicy = { mx: [], problems: [] };
  const seen = new Set<string>();
  // sts-policy-term = LF / CRLF
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[ \t]+$/, '');
    if (line === '') continue;
    // sts-policy-field-delim = ":" *WSP; names are case-sensitive (%s).
    const m = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,31}):[ \t]*(.*)$/.exec(line);
    if (!m) {
      policy.problems.push({ code: 'invalid_line', value: line });
      continue;
    }
    const [, name, value] = m as unknown as [string, string, string];
    if (name === 'version' || name === 'mode' || name === 'max_age') {
      if (seen.has(name)) {
        policy.problems.push({ code: 'duplicate_field', field: name, value });
        continue;
      }
      seen.add(name);
    }
    switch (name) {
      case 'version':
        if (value === 'STSv1') policy.version = value;
        else policy.problems.push({ code: 'invalid_field', field: 'version', value });
        break;
      case 'mode':
        if (value === 'enforce' || value === 'testing' || value === 'none') policy.mode = value;
        else policy.problems.push({ code: 'invalid_field', field: 'mode', value });
        break;
      case 'max_age': {
        // sts-policy-max-age-value = 1*10(DIGIT), at most 31557600
        const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
        if (Number.isInteger(n) && n <= MAX_AGE_LIMIT) policy.maxAge = n;
        else policy.problems.push({ code: 'invalid_field', field: 'max_age', value });
        break;
      }
      case 'mx':
        if (isMxPattern(value)) policy.mx.push(value.toLowerCase());
        else policy.problems.push({ code: 'invalid_field', field: 'mx', value });
        break;
      default:
      // sts-policy-extension: unknown fields are ignored.
    }
  }
  const has = (field: string) => seen.has(field);
  for (const field of ['version', 'mode', 'max_age'] as const) {
    if (!has(field)) policy.problems.push({ code: 'missing_field', field });
  }
  // A policy in mode "none" applies to no MX, so it needs none (RFC 8461 §5 "none").
  if (policy.mx.length === 0 && policy.mode !== 'none' && !policy.problems.some((p) => p.code === 'invalid_field' && p.field === 'mx'))
    policy.problems.push({ code: 'missing_field', field: 'mx' });
  return policy;
}

/**
 * RFC 8461 §4.1: an MX host matches a pattern exactly, or `*.` followed by the rest of the host
 * name after its first label — the wildcard covers exactly one label.
 */
export function mxMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

// ---------------------------------------------------------------- TLS-RPT TXT (RFC 8460 §3)

/** RFC 8460 §3: records that do not begin with `v=TLSRPTv1;` are discarded. */
export function isTlsRptRecord(text: string): boolean {
  return /^v=TLSRPTv1\s*(;|$)/.test(text);
}

export type TlsRptProblem = 'missing_rua' | 'invalid_uri' | 'malformed_field';

export interface TlsRptRecord {
  rua: string[];
  problems: { code: TlsRptProblem; value?: string }[];
}

/** tlsrpt-uri: a mailto: address or an https: URL (RFC 8460 §3). */
export function isReportUri(uri: string): boolean {
  if (/^mailto:/i.test(uri)) return /^mailto:[^@\s,;!]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$/i.test(uri);
  if (!/^https:\/\//i.test(uri)) return false;
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' && url.hostname.includes('.');
  } catch {
    return false;
  }
}

export function parseTlsRptRecord(text: string): TlsRptRecord {
  const record: TlsRptRecord = { rua: [], problems: [] };
  let sawRua = false;
  for (const field of text
    .split(';')
    .slice(1)
    .map((f) => f.trim())
    .filter((f) => f !== '')) {
    const eq = field.indexOf('=');
    if (eq <= 0) {
      record.problems.push({ code: 'malformed_field', value: field });
      continue;
    }
    const name = field.slice(0, eq).trim();
    if (name !== 'rua') continue; // unknown fields are ignored (RFC 8460 §3)
    sawRua = true;
    // tlsrpt-rua = "rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
    for (const uri of field
      .slice(eq + 1)
      .split(',')
      .map((u) => u.trim())) {
      if (isReportUri(uri)) record.rua.push(uri);
      else record.problems.push({ code: 'invalid_uri', value: uri });
    }
  }
  if (!sawRua) record.problems.push({ code: 'missing_rua' });
  return record;
}
