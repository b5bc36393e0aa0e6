/**
 * Strict readers for the exported plan files, so tests read them back the way regedit, BIND and
 * PowerShell would: a .reg reader that accepts only what regedit's "Version 5.00" format allows,
 * `named-checkzone` for the zone snippet, and the plan's PowerShell lexer for the scripts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LATER_RECORD_PREFIX } from '../../../../shared/remediation/export/index';
import { lexPowerShell, type PsToken } from '../parsers';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

export interface RegValue {
  name: string;
  data: { type: 'dword'; value: number } | { type: 'string'; value: string };
}

export interface RegKey {
  key: string;
  values: RegValue[];
}

/** Reads a `.reg` file: UTF-16LE with BOM, CRLF only, header, `;` comments, `[HKEY_LOCAL_MACHINE\…]` keys once each, dword and string values once per key. */
export function readRegFile(bytes: Uint8Array): RegKey[] {
  if (bytes[0] !== 0xff || bytes[1] !== 0xfe || bytes.length % 2 !== 0) throw new Error('.reg: not UTF-16LE with a BOM');
  const text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) throw new Error('.reg: a line break other than CRLF');
  const lines = text.split('\r\n');
  if (lines[0] !== 'Windows Registry Editor Version 5.00' || lines[1] !== '') throw new Error('.reg: missing header');
  if (lines.at(-1) !== '') throw new Error('.reg: no final line break');
  const keys: RegKey[] = [];
  const seenKeys = new Set<string>();
  lines.slice(2).forEach((line, index) => {
    const where = `.reg line ${index + 3}: ${JSON.stringify(line)}`;
    if (line === '') return;
    if (UNSAFE.test(line)) throw new Error(`${where}: control or bidi character`);
    if (line.startsWith(';')) return;
    const key = /^\[(HKEY_LOCAL_MACHINE(?:\\[A-Za-z0-9 ._-]+)+)\]$/.exec(line);
    if (key) {
      const lower = key[1]!.toLowerCase();
      if (seenKeys.has(lower)) throw new Error(`${where}: key written twice`);
      seenKeys.add(lower);
      keys.push({ key: key[1]!, values: [] });
      return;
    }
    const value = /^"((?:[^"\\]|\\["\\])*)"=(?:dword:([0-9a-f]{8})|"((?:[^"\\]|\\["\\])*)")$/.exec(line);
    if (!value) throw new Error(`${where}: not a key, value or comment`);
    const current = keys.at(-1);
    if (!current) throw new Error(`${where}: value before any key`);
    const name = value[1]!.replace(/\\(.)/g, '$1');
    if (current.values.some((v) => v.name.toLowerCase() === name.toLowerCase()))
      throw new Error(`${where}: value written twice under one key`);
    current.values.push({
      name,
      data:
        value[2] !== undefined
          ? { type: 'dword', value: parseInt(value[2], 16) }
          : { type: 'string', value: value[3]!.replace(/\\(.)/g, '$1') },
    });
  });
  return keys;
}

/**
 * Lexes an exported script and checks its frame: UTF-8 with a BOM; only comment lines before
 * `[CmdletBinding()] param(...)`; and the first statement after `param` is the guard
 * `if (-not $Confirmed) { throw '…' }`, so loading the file runs nothing else.
 */
export function readScript(bytes: Uint8Array): { text: string; tokens: PsToken[]; comments: string[] } {
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error('.ps1: no UTF-8 BOM');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
  const tokens = lexPowerShell(text, { comments: true });
  const code = tokens.filter((t) => t.type !== 'comment' && t.type !== 'newline');
  const shape = (t: PsToken | undefined) =>
    t === undefined
      ? ''
      : t.type === 'string'
        ? `'…'`
        : t.type === 'variable'
          ? `$${t.name}`
          : t.type === 'parameter'
            ? `-${t.name}`
            : t.type === 'word' || t.type === 'punct' || t.type === 'number'
              ? t.text
              : t.type;
  const expected = `[ CmdletBinding ( ) ] param ( [ switch ] $Confirmed , [ int [ ] ] $Step , [ switch ] $Apply ) if ( -not $Confirmed ) { throw '…' }`;
  const opening = code.slice(0, expected.split(' ').length).map(shape).join(' ');
  if (opening !== expected) throw new Error(`.ps1: the script does not open with param and the -Confirmed guard: ${opening}`);
  const firstCode = tokens.findIndex((t) => t.type !== 'comment' && t.type !== 'newline');
  if (firstCode === -1 || tokens.slice(0, firstCode).some((t) => t.type !== 'comment' && t.type !== 'newline'))
    throw new Error('.ps1: code before the param block');
  return { text, tokens, comments: tokens.flatMap((t) => (t.type === 'comment' ? [t.text] : [])) };
}

/** BIND's zone checker (Debian bind9-utils, installed by .ci/run). */
const NAMED_CHECKZONE = 'named-checkzone';

/** Whether named-checkzone runs here; when not, says so, and the caller skips its zone tests. */
export function hasNamedCheckzone(): boolean {
  const found = spawnSync(NAMED_CHECKZONE, ['-v'], { encoding: 'utf8' }).status === 0;
  if (!found) console.warn(`${NAMED_CHECKZONE} is missing: zone snippet tests are SKIPPED. Install Debian's bind9-utils (.ci/run does).`);
  return found;
}

/**
 * Loads the snippet with BIND's `named-checkzone` inside a minimal zone (SOA, NS) that `$INCLUDE`s
 * it, as an administrator would, and returns the records BIND loaded from it, canonical form.
 */
export function namedCheckzone(snippet: string, domain: string): { output: string; records: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailaudit-zone-'));
  try {
    const include = path.join(dir, 'dns-records.zone');
    writeFileSync(include, snippet);
    const zone = path.join(dir, 'wrapper.zone');
    writeFileSync(
      zone,
      [
        '$TTL 3600',
        `${domain}. IN SOA ns1.${domain}. hostmaster.${domain}. 1 3600 600 86400 300`,
        `${domain}. IN NS ns1.${domain}.`,
        `ns1.${domain}. IN A 192.0.2.53`,
        `$INCLUDE ${include}`,
        '',
      ].join('\n'),
    );
    // -k fail: a record name BIND finds suspicious is an error, not a warning.
    const run = spawnSync(NAMED_CHECKZONE, ['-k', 'fail', '-i', 'local', domain, zone], { encoding: 'utf8' });
    if (run.status !== 0)
      throw new Error(`named-checkzone failed (${run.status}):\n${run.stdout}${run.stderr}\n--- snippet ---\n${snippet}`);
    const dump = execFileSync(NAMED_CHECKZONE, ['-D', '-o', '-', domain, zone], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const records = dump
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith(';'))
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter((l) => !/ IN (SOA|NS) /.test(l) && !l.startsWith(`ns1.${domain}. `));
    return { output: run.stdout, records };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The record lines of a snippet: those BIND loads, and the `;; ` lines of later steps. */
export function snippetLines(snippet: string): { active: string[]; later: string[] } {
  const lines = snippet.split('\n');
  return {
    active: lines.filter((l) => l !== '' && !l.startsWith(';') && !l.startsWith('$')),
    later: lines.filter((l) => l.startsWith(LATER_RECORD_PREFIX)).map((l) => l.slice(LATER_RECORD_PREFIX.length)),
  };
}
