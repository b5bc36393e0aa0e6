import { describe, expect, it } from 'vitest';
import {
  ReplyAssembler,
  ReplyFormatError,
  addressLiteral,
  ehloExtensions,
  ehloMeaning,
  greetingMeaning,
  parseReplyLine,
  replyText,
  startTlsMeaning,
} from '../../shared/smtp-reply';

describe('parseReplyLine (RFC 5321 §4.2)', () => {
  it.each([
    ['220 mail.firma.cz ESMTP', { code: 220, last: true, text: 'mail.firma.cz ESMTP' }],
    ['250-PIPELINING', { code: 250, last: false, text: 'PIPELINING' }],
    ['250 ', { code: 250, last: true, text: '' }],
    // §4.2.1: a reply code alone is a complete last line.
    ['250', { code: 250, last: true, text: '' }],
    ['554 5.7.1 No SMTP service here', { code: 554, last: true, text: '5.7.1 No SMTP service here' }],
    ['220 text\twith tab', { code: 220, last: true, text: 'text\twith tab' }],
  ])('%j', (line, expected) => {
    expect(parseReplyLine(line)).toEqual(expected);
  });

  it.each([
    ['not an smtp line'],
    ['* OK IMAP4rev1 ready'],
    ['+OK POP3 ready'],
    // §4.2: first digit 2–5, second 0–5.
    ['199 too low'],
    ['600 too high'],
    ['260 second digit above 5'],
    ['22 short'],
    ['2200 long code'],
    ['220_wrong separator'],
    ['220 binary \u0000 data'],
    ['HTTP/1.1 400 Bad Request'],
  ])('rejects %j', (line) => {
    expect(parseReplyLine(line)).toBeNull();
  });
});

describe('ReplyAssembler', () => {
  it('collects a multi-line reply (RFC 5321 §4.2.1)', () => {
    const a = new ReplyAssembler();
    expect(a.push('250-mail.firma.cz Hello')).toBeUndefined();
    expect(a.push('250-STARTTLS')).toBeUndefined();
    expect(a.pendingLines).toBe(2);
    expect(a.push('250 SIZE 1000')).toEqual({ code: 250, lines: ['mail.firma.cz Hello', 'STARTTLS', 'SIZE 1000'] });
    expect(a.pendingLines).toBe(0);
    expect(a.push('221 bye')).toEqual({ code: 221, lines: ['bye'] });
  });

  it('refuses a code change within a reply and garbage', () => {
    const a = new ReplyAssembler();
    a.push('250-first');
    expect(() => a.push('251 second')).toThrow(ReplyFormatError);
    expect(() => new ReplyAssembler().push('garbage')).toThrow(/not an SMTP reply line/);
  });

  it('renders replies back as text', () => {
    expect(replyText({ code: 250, lines: ['a', 'b'] })).toEqual(['250-a', '250 b']);
    expect(replyText({ code: 250, lines: [''] })).toEqual(['250']);
  });
});

describe('ehloExtensions (RFC 5321 §4.1.1.1)', () => {
  it('reads keywords and parameters after the greeting line', () => {
    const ext = ehloExtensions({
      code: 250,
      lines: ['mail.firma.cz Hello [192.0.2.1]', 'SIZE 35882577', 'starttls', 'AUTH LOGIN PLAIN', '8BITMIME', '!bad keyword', '-X'],
    });
    expect([...ext]).toEqual([
      ['SIZE', ['35882577']],
      ['STARTTLS', []],
      ['AUTH', ['LOGIN', 'PLAIN']],
      ['8BITMIME', []],
    ]);
  });

  it('has no extensions for a one-line reply or a non-250 reply', () => {
    expect(ehloExtensions({ code: 250, lines: ['mail.firma.cz'] }).size).toBe(0);
    expect(ehloExtensions({ code: 502, lines: ['STARTTLS'] }).size).toBe(0);
  });
});

describe('reply meanings', () => {
  it.each([
    [220, 'ok'],
    // RFC 5321 §3.8 / §4.2.3: 421 service not available, closing channel.
    [421, 'rate_limited'],
    // RFC 5321 §3.1: 554 instead of 220 means no SMTP service for this client.
    [554, 'refused'],
    [550, 'refused'],
    [250, 'unexpected'],
  ] as const)('greeting %i → %s', (code, meaning) => expect(greetingMeaning(code)).toBe(meaning));

  it.each([
    [250, 'ok'],
    // RFC 5321 §3.2: a server that does not support EHLO answers 500/502; the client falls back to HELO.
    [502, 'try_helo'],
    [500, 'try_helo'],
    [421, 'rate_limited'],
    [451, 'temporary'],
    [354, 'unexpected'],
  ] as const)('EHLO %i → %s', (code, meaning) => expect(ehloMeaning(code)).toBe(meaning));

  it.each([
    // RFC 3207 §4.
    [220, 'ready'],
    [454, 'temporarily_refused'],
    [501, 'refused'],
    [502, 'refused'],
    [421, 'rate_limited'],
    [250, 'unexpected'],
  ] as const)('STARTTLS %i → %s', (code, meaning) => expect(startTlsMeaning(code)).toBe(meaning));
});

describe('addressLiteral (RFC 5321 §4.1.3)', () => {
  it.each([
    ['192.0.2.1', '[192.0.2.1]'],
    ['2001:db8::1', '[IPv6:2001:db8::1]'],
    ['::ffff:192.0.2.7', '[192.0.2.7]'],
  ])('%s → %s', (address, literal) => expect(addressLiteral(address)).toBe(literal));
});
