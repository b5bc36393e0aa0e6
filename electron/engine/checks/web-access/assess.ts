/**
 * Pure judgements of the web-access check: the Strict-Transport-Security header (RFC 6797) and
 * what plain HTTP does (redirect to HTTPS or not). No network code: table-tested on its own.
 */

/** NCSC-NL TLS guidelines and Microsoft's Exchange HSTS guidance: at least one year. */
export const HSTS_MIN_MAX_AGE = 31_536_000;

export type HstsParse =
  | { ok: true; maxAge: number; includeSubDomains: boolean; preload: boolean }
  | { ok: false; reason: 'no_max_age' | 'bad_max_age' | 'duplicate_directive' | 'syntax' };

/**
 * RFC 6797 §6.1: `directive *( ";" [ directive ] )`, directive = name [ "=" value ], value a token
 * or a quoted-string; names are case-insensitive (§6.1 rule 3); every directive at most once (rule
 * 2), else the whole header is ignored; `max-age` is required (§6.1.1) and holds delta-seconds.
 * Unknown directives are ignored (rule 5).
 */
export function parseHsts(value: string): HstsParse {
  const seen = new Map<string, string | undefined>();
  let rest = value;
  for (;;) {
    rest = rest.replace(/^[ \t]*/, '');
    if (rest === '') break;
    if (rest.startsWith(';')) {
      rest = rest.slice(1);
      continue;
    }
    const name = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(rest)?.[0];
    if (!name) return { ok: false, reason: 'syntax' };
    rest = rest.slice(name.length).replace(/^[ \t]*/, '');
    let directiveValue: string | undefined;
    if (rest.startsWith('=')) {
      rest = rest.slice(1).replace(/^[ \t]*/, '');
      const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(rest);
      if (quoted) {
        directiveValue = quoted[1]!.replace(/\\(.)/g, '$1');
        rest = rest.slice(quoted[0].length);
      } else if (token) {
        directiveValue = token[0];
        rest = rest.slice(token[0].length);
      } else return { ok: false, reason: 'syntax' };
    }
    rest = rest.replace(/^[ \t]*/, '');
    if (rest !== '' && !rest.startsWith(';')) return { ok: false, reason: 'syntax' };
    const key = name.toLowerCase();
    if (seen.has(key)) return { ok: false, reason: 'duplicate_directive' };
    seen.set(key, directiveValue);
  }
  if (!seen.has('max-age')) return { ok: false, reason: 'no_max_age' };
  const maxAge = seen.get('max-age');
  if (maxAge === undefined || !/^\d+$/.test(maxAge)) return { ok: false, reason: 'bad_max_age' };
  return { ok: true, maxAge: Number(maxAge), includeSubDomains: seen.has('includesubdomains'), preload: seen.has('preload') };
}

/** What one plain-HTTP answer does. */
export type HttpAnswerKind =
  /** 3xx with a Location on https: */
  | 'redirect_https'
  /** 3xx to another http: URL (still plain text) */
  | 'redirect_http'
  /** 2xx, or 401 (a login prompt over plain text) */
  | 'served'
  /** anything else (403 "SSL required", 404, 5xx): not served, but no redirect either */
  | 'refused';

/** RFC 9110 §15.4 redirections that carry a Location a client follows. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** `location` resolved against the request URL (RFC 9110 §10.2.2 allows a relative reference). */
export function resolveLocation(location: string, requestUrl: string): string | undefined {
  try {
    return new URL(location, requestUrl).href;
  } catch {
    return undefined;
  }
}

export function classifyHttpAnswer(status: number, location: string | undefined, requestUrl: string): HttpAnswerKind {
  if (REDIRECTS.has(status) && location !== undefined) {
    const target = resolveLocation(location, requestUrl);
    if (target?.startsWith('https://')) return 'redirect_https';
    return 'redirect_http';
  }
  if ((status >= 200 && status < 300) || status === 401) return 'served';
  return 'refused';
}

/** Exchange's OWA logon page names its assets under `/owa/auth/<build>/` (CU level, 3 or 4 parts). */
export function owaAssetBuild(text: string): string | undefined {
  return /\/owa\/auth\/(15\.\d{1,2}\.\d{1,5}(?:\.\d{1,4})?)\//i.exec(text)?.[1];
}

/** `Basic` among the challenges of WWW-Authenticate header values (RFC 9110 §11.6.1, RFC 7617). */
export function offersBasic(challenges: readonly string[]): boolean {
  // Each value holds one or more challenges: an auth-scheme token, optionally followed by params.
  return challenges.some((v) => /(?:^|,)\s*basic(?:\s|,|$)/i.test(v));
}

/** The auth schemes named in WWW-Authenticate values, as the server wrote them, each once. */
export function authSchemes(challenges: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of challenges)
    for (const part of v.split(',')) {
      // A part is a new challenge when it starts with a token not followed by `=` (an auth-param).
      const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s|$)/.exec(part);
      if (m && !/^\s*[^\s=]+\s*=/.test(part)) out.add(m[1]!);
    }
  return [...out];
}
