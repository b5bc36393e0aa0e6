/**
 * Independent parsers for what the remediation plan emits, so tests check generated text by
 * reading it back the way PowerShell and a DNS server would, not by searching for substrings.
 */

export type PsToken =
  | { type: 'string'; value: string }
  | { type: 'variable'; name: string }
  | { type: 'parameter'; name: string }
  | { type: 'word'; text: string }
  | { type: 'number'; text: string }
  | { type: 'punct'; text: string }
  | { type: 'newline' }
  | { type: 'comment'; text: string };

// about_Quoting_Rules: these four typographic quotes delimit single-quoted strings like U+0027.
const PS_SINGLE = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);

// Characters after which a comment line could read or end differently (display.ts UNSAFE_CHARACTER_CLASS).
const COMMENT_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/**
 * Tokenises the PowerShell subset the plan generates. Anything that could run code outside a
 * single-quoted literal — a double-quoted (expanding) string, a backtick escape, `$(`, `${`,
 * a comment, a here-string — is an error, so a test fails if such text ever appears bare.
 * `comments: true` (exported scripts) accepts one form of comment only: a line that starts with
 * `# ` (or is `#` alone) at column 0 and holds no control, line-separator or bidi character;
 * `#requires`, `<#` block comments and comments after code stay errors.
 */
export function lexPowerShell(code: string, options: { comments?: boolean } = {}): PsToken[] {
  const tokens: PsToken[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(code.slice(Math.max(0, i - 20), i + 20))}`);
  };
  while (i < code.length) {
    const c = code[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '\n') {
      tokens.push({ type: 'newline' });
      i++;
    } else if (PS_SINGLE.has(c)) {
      let value = '';
      i++;
      for (;;) {
        if (i >= code.length) fail('unterminated string');
        const d = code[i]!;
        if (PS_SINGLE.has(d)) {
          if (i + 1 < code.length && PS_SINGLE.has(code[i + 1]!)) {
            value += d;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += d;
        i++;
      }
      tokens.push({ type: 'string', value });
    } else if (c === '"' || c === '\u201c' || c === '\u201d' || c === '\u201e') {
      fail('expanding (double-quoted) string');
    } else if (c === '`') {
      fail('backtick escape');
    } else if (c === '#') {
      if (!options.comments) fail('comment');
      if (i > 0 && code[i - 1] !== '\n') fail('comment not at the start of a line');
      const end = code.indexOf('\n', i);
      const text = code.slice(i, end === -1 ? code.length : end);
      if (text !== '#' && !text.startsWith('# ')) fail('comment not of the form "# text"');
      if (COMMENT_UNSAFE.test(text)) fail('control, line-separator or bidi character in a comment');
      tokens.push({ type: 'comment', text: text.slice(2) });
      i += text.length;
    } else if (c === '@' && (code[i + 1] === "'" || code[i + 1] === '"')) {
      fail('here-string');
    } else if (c === '$') {
      if (code[i + 1] === '(' || code[i + 1] === '{') fail('subexpression');
      const m = /^\$[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z_][A-Za-z0-9_]*)?/.exec(code.slice(i));
      if (!m) fail('bare $');
      tokens.push({ type: 'variable', name: m![0].slice(1) });
      i += m![0].length;
    } else if (c === '-' && /[A-Za-z]/.test(code[i + 1] ?? '')) {
      const m = /^-[A-Za-z][A-Za-z0-9]*(?::\$(?:true|false))?/.exec(code.slice(i))!;
      tokens.push({ type: 'parameter', name: m[0].slice(1) });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(code.slice(i))!;
      tokens.push({ type: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*(?:-[A-Za-z][A-Za-z0-9]*)*/.exec(code.slice(i))!;
      tokens.push({ type: 'word', text: m[0] });
      i += m[0].length;
    } else if ('|;,(){}@=[].:!'.includes(c)) {
      if (c === ':' && code[i + 1] === ':') {
        tokens.push({ type: 'punct', text: '::' });
        i += 2;
      } else {
        tokens.push({ type: 'punct', text: c });
        i++;
      }
    } else {
      fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

const NAME = /^(?:(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)\.)+$/;

export interface ZoneRecord {
  owner: string;
  ttl?: number;
  type: string;
  /** TXT: the character-strings' octets joined and decoded as UTF-8; others: the rdata fields */
  text?: string;
  strings?: Uint8Array[];
  fields: string[];
}

/** Reads TXT character-strings (RFC 1035 §5.1): `"..."` with `\"`, `\\` and `\DDD` escapes. */
function readStrings(rdata: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  const enc = new TextEncoder();
  while (i < rdata.length) {
    if (rdata[i] === ' ') {
      i++;
      continue;
    }
    if (rdata[i] !== '"') throw new Error(`TXT data outside quotes at ${i}: ${rdata}`);
    i++;
    const bytes: number[] = [];
    for (;;) {
      if (i >= rdata.length) throw new Error('unterminated character-string');
      const c = rdata[i]!;
      if (c === '"') {
        i++;
        break;
      }
      if (c === '\\') {
        const d = /^\d{3}/.exec(rdata.slice(i + 1));
        if (d) {
          const n = Number(d[0]);
          if (n > 255) throw new Error('\\DDD out of range');
          bytes.push(n);
          i += 4;
        } else {
          bytes.push(...enc.encode(rdata[i + 1]!));
          i += 2;
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e) throw new Error(`raw non-printable character in TXT: ${JSON.stringify(c)}`);
      bytes.push(c.charCodeAt(0));
      i++;
    }
    if (bytes.length > 255) throw new Error(`character-string of ${bytes.length} octets`);
    out.push(Uint8Array.from(bytes));
  }
  return out;
}

/** Parses one zone-file line `<owner> [<ttl>] IN <type> <rdata>` as the plan writes it. */
export function parseZoneLine(line: string): ZoneRecord {
  if (/[\r\n]/.test(line)) throw new Error('line break inside a zone-file line');
  const m = /^(\S+) (?:(\d+) )?IN ([A-Z]+) (.+)$/.exec(line);
  if (!m) throw new Error(`not a zone-file line: ${line}`);
  const [, owner, ttl, type, rdata] = m;
  if (!NAME.test(owner!) || owner!.length > 254) throw new Error(`bad owner name: ${owner}`);
  const record: ZoneRecord = { owner: owner!, ...(ttl ? { ttl: Number(ttl) } : {}), type: type!, fields: [] };
  if (type === 'TXT') {
    const strings = readStrings(rdata!);
    const all = new Uint8Array(strings.reduce((n, s) => n + s.length, 0));
    let o = 0;
    for (const s of strings) {
      all.set(s, o);
      o += s.length;
    }
    record.strings = strings;
    record.text = new TextDecoder('utf-8', { fatal: true }).decode(all);
    return record;
  }
  record.fields = rdata!.split(' ');
  const names = type === 'CNAME' ? [record.fields[0]!] : type === 'MX' ? [record.fields[1]!] : [];
  for (const n of names) if (!NAME.test(n)) throw new Error(`bad target name: ${n}`);
  if (type === 'MX' && !/^\d{1,5}$/.test(record.fields[0]!)) throw new Error('bad MX preference');
  if (
    type === 'TLSA' &&
    !(record.fields.length === 4 && record.fields.slice(0, 3).every((f) => /^\d{1,3}$/.test(f)) && /^[0-9a-f]+$/.test(record.fields[3]!))
  )
    throw new Error('bad TLSA');
  return record;
}

/** Reads a regedit snippet: header, one `[key]`, one `"name"=dword:xxxxxxxx` line. */
export function parseRegSnippet(reg: string): { key: string; name: string; dword: number } {
  const m =
    /^Windows Registry Editor Version 5\.00\n\n\[(HKEY_LOCAL_MACHINE\\[^\]\n]+)\]\n"((?:[^"\\\n]|\\.)*)"=dword:([0-9a-f]{8})\n$/.exec(reg);
  if (!m) throw new Error(`not a .reg snippet: ${JSON.stringify(reg)}`);
  return { key: m[1]!, name: m[2]!.replace(/\\(.)/g, '$1'), dword: parseInt(m[3]!, 16) };
}
