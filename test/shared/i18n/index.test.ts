import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMessage, messages, translate } from '../../../shared/i18n/index';
import { REQUIREMENTS } from '../../../shared/requirements';

const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z0-9_]+(?:\|[a-z0-9_.-]+)?)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('message catalogue', () => {
  it('has the same keys and placeholders in Czech and English, none empty', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.cs).sort());
    for (const [key, cs] of Object.entries(messages.cs)) {
      const en = messages.en[key]!;
      expect(cs.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(cs));
    }
  });

  it('has a text for every finding, error and skip key written literally in the engine', () => {
    const root = resolve(import.meta.dirname, '../../../electron');
    const keys = new Set<string>();
    for (const file of sourceFiles(root)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'((?:finding|error|skipped)\.[a-z0-9_.]+[a-z0-9_])'/g)) keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(20);
    const missing = [...keys].filter((k) => !hasMessage(k, 'cs') || !hasMessage(k, 'en'));
    expect(missing).toEqual([]);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
    'renders %s as an unknown key, not as something read from the prototype',
    (key) => {
      expect(translate('en', key)).toBe(key);
      expect(translate('cs', key, { x: 1 })).toBe(key);
      expect(hasMessage(key, 'en')).toBe(false);
    },
  );

  it('renders a prefixed param whose value names a prototype member as the plain key', () => {
    expect(translate('en', 'finding.spf.too_many_lookups', {})).not.toContain('function');
    const template = Object.keys(messages.en).find((key) => /\{[a-zA-Z0-9_]+\|[a-z0-9_.-]+\}/.test(messages.en[key]!));
    if (template === undefined) return;
    const [, name] = /\{([a-zA-Z0-9_]+)\|/.exec(messages.en[template]!)!;
    expect(() => translate('en', template, { [name!]: 'constructor' })).not.toThrow();
  });

  it('fills params as text and keeps unknown placeholders visible', () => {
    expect(translate('en', 'finding.mx.cname', { host: '<script>x</script>', target: 'a.b' })).toContain('<script>x</script>');
    expect(translate('cs', 'finding.mx.ok', { domain: 'firma.cz', hosts: ['10 mx1.firma.cz', '20 mx2.firma.cz'] })).toBe(
      'Doména firma.cz má poštovní servery (MX): 10 mx1.firma.cz, 20 mx2.firma.cz.',
    );
    expect(translate('en', 'finding.mx.cname', {})).toContain('{host}');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('renders {name|prefix} params as the messages they name, so ids never reach the reader', () => {
    expect(translate('en', 'requirement.reason.check_unavailable', { checks: ['dkim', 'tls-versions'] })).toContain(
      '(DKIM, TLS versions on the mail servers)',
    );
    expect(translate('cs', 'requirement.reason.check_error', { check: 'tls-versions' })).toContain('„Verze TLS na poštovních serverech“');
    // Every check id a requirement names has a name in both languages.
    for (const id of REQUIREMENTS.flatMap((r) => r.checks)) {
      expect(hasMessage(`check.${id}`, 'cs') && hasMessage(`check.${id}`, 'en'), id).toBe(true);
    }
  });
});
