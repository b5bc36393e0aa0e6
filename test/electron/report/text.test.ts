import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDuration,
  isPrintableAscii,
  plain,
  plainLines,
  unwrapCode,
  utcOffset,
  WRAP_MARK,
  fitsColumns,
  wrapCode,
} from '../../../electron/report/text';

describe('plain: network text shown as exactly what it is', () => {
  it.each([
    ['v=spf1 -all', 'v=spf1 -all'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['tab\there', 'tab\\there'],
    ['nul\u0000', 'nul\\x00'],
    ['del\u007f', 'del\\x7f'],
    ['c1\u0085', 'c1\\x85'],
    // Unicode TR #9: explicit bidi overrides could reorder what the reader sees.
    ['abc\u202eexe.txt', 'abc\\u{202E}exe.txt'],
    ['\u2066x\u2069', '\\u{2066}x\\u{2069}'],
    ['<script>alert(1)</script> "q" `b` $(id)', '<script>alert(1)</script> "q" `b` $(id)'],
    ['Poštovní ověření – „uvozovky“ …', 'Poštovní ověření – „uvozovky“ …'],
    // Characters Roboto cannot draw: a stand-in for arrows, the code point for the rest.
    ['DKIM CNAME → Microsoft 365', 'DKIM CNAME -> Microsoft 365'],
    ['例子.测试', '\\u{4F8B}\\u{5B50}.\\u{6D4B}\\u{8BD5}'],
    ['emoji 😀', 'emoji \\u{1F600}'],
    ['line\u2028sep', 'line\\u{2028}sep'],
  ])('%j → %j', (input, expected) => {
    expect(plain(input)).toBe(expected);
  });
});

describe('plainLines', () => {
  it('shows each line break as \\n and still starts a new line', () => {
    expect(plainLines('a: 1\nb: 2')).toBe('a: 1\\n\nb: 2');
    expect(plainLines('one line')).toBe('one line');
  });
});

describe('wrapCode', () => {
  const cases: [string, number][] = [
    ['Set-DkimSigningConfig -Identity "firma.cz" -Enabled $true', 24],
    ['v=DKIM1; k=rsa; p=' + 'A'.repeat(300), 40],
    ['short', 80],
    ['  indented line that is rather long and must wrap somewhere near here', 24],
    ['x'.repeat(81), 80],
    ["New-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' -Name 'SchUseStrongCrypto'", 40],
  ];
  it.each(cases)(
    '%j fits %i columns, breaks only between tokens or in a token longer than a line, and unwraps to itself',
    (text, columns) => {
      const lines = wrapCode(text, fitsColumns(columns));
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
      expect(unwrapCode(lines)).toBe(text);
      const tokens = text.trim().split(/\s+/);
      lines.slice(0, -1).forEach((line) => {
        expect(line.endsWith(WRAP_MARK)).toBe(true);
        const body = line.slice(0, -1);
        // Either a break at a space, or a cut inside a token that cannot fit any line.
        if (!body.endsWith(' ')) expect(tokens.some((t) => t.length > columns - 5 && t.includes(body.trim().split(' ').pop()!))).toBe(true);
      });
      lines.slice(1).forEach((line) => expect(line.startsWith(' ')).toBe(true));
    },
  );

  it('keeps the space after a cut token, wherever the cut falls', () => {
    const text =
      "(Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010003' -Name 'Functions').Functions";
    // At 91 columns the quoted path fills a continuation line up to its trailing space.
    for (let columns = 40; columns <= 100; columns++) {
      const lines = wrapCode(text, fitsColumns(columns));
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
      expect(unwrapCode(lines), `${columns} columns`).toBe(text);
    }
  });

  it('breaks at a space with the mark and indents the continuation', () => {
    expect(wrapCode('Enable-DnssecForVerifiedDomain -DomainName firma.cz', fitsColumns(40))).toEqual([
      `Enable-DnssecForVerifiedDomain ${WRAP_MARK}`,
      '    -DomainName firma.cz',
    ]);
  });
});

describe('isPrintableAscii', () => {
  it.each([
    ['Get-Mailbox | fl', true],
    ['two\nlines', true],
    ['příklad.cz', false],
    ['tab\t', false],
  ])('%j → %s', (text, expected) => expect(isPrintableAscii(text)).toBe(expected));
});

describe('times', () => {
  it('names the zone and its offset (winter and summer time in Prague)', () => {
    expect(utcOffset(new Date('2026-01-15T10:00:00Z'), 'Europe/Prague')).toBe('UTC+01:00');
    expect(utcOffset(new Date('2026-07-15T10:00:00Z'), 'Europe/Prague')).toBe('UTC+02:00');
    expect(utcOffset(new Date('2026-07-15T10:00:00Z'), 'UTC')).toBe('UTC+00:00');
    expect(utcOffset(new Date('2026-07-15T10:00:00Z'), 'America/New_York')).toBe('UTC-04:00');
  });

  it('formats the assessment time in the reader language with the zone', () => {
    expect(formatDateTime('2026-11-27T21:13:39.262Z', 'cs', 'Europe/Prague')).toBe(
      '27. listopadu 2026 v 22:13:39 (Europe/Prague, UTC+01:00)',
    );
    expect(formatDateTime('2026-11-27T21:13:39.262Z', 'en', 'UTC')).toBe('27 November 2026 at 21:13:39 (UTC)');
  });

  it.each([
    [0, 'cs', '0 ms'],
    [850, 'en', '850 ms'],
    [2409, 'cs', '2,4 s'],
    [2409, 'en', '2.4 s'],
    [-1, 'en', '—'],
  ] as const)('duration %i ms in %s → %s', (ms, lang, expected) => expect(formatDuration(ms, lang)).toBe(expected));
});
