/**
 * Rules over the renderer's source: no markup from data, nothing the CSP would block, and a
 * message in both languages for every key the wizard can show.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks as registry } from '../../electron/engine/checks/index';
import { PLATFORM_HINTS, type Language } from '../../shared/assessment';
import { hasMessage } from '../../shared/i18n/index';
import { StoreProblemSchema } from '../../shared/ipc';
import { PHASES } from '../../shared/remediation/index';
import { REQUIREMENTS, VERDICTS } from '../../shared/requirements';
import { ATTEMPT_STATUSES, FINDING_STATUSES } from '../../shared/status';
import { PLATFORM_FILTERS } from '../../renderer/src/lib/remediation-view';

const root = resolve(import.meta.dirname, '../..');

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

const rendererFiles = files(join(root, 'renderer/src'), /\.(svelte|ts)$/);
const svelteFiles = rendererFiles.filter((f) => f.endsWith('.svelte'));
const source = (f: string) => readFileSync(f, 'utf8');

function missing(keys: Iterable<string>): string[] {
  const langs: Language[] = ['cs', 'en'];
  return [...keys].filter((k) => langs.some((l) => !hasMessage(k, l)));
}

describe('renderer sources', () => {
  it('never render markup from a string ({@html})', () => {
    expect(svelteFiles.length).toBeGreaterThan(10);
    for (const file of svelteFiles) expect(source(file), file).not.toMatch(/\{@html/);
    for (const file of rendererFiles) expect(source(file), file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('use nothing the strict CSP blocks: inline style attributes, transitions (injected <style>), eval', () => {
    for (const file of svelteFiles) {
      const markup = source(file)
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<style[\s\S]*?<\/style>/g, '');
      expect(markup, file).not.toMatch(/\sstyle(=|:)/);
      expect(markup, file).not.toMatch(/\s(transition|in|out|animate):/);
    }
    for (const file of rendererFiles) expect(source(file), file).not.toMatch(/\beval\(|new Function\(/);
  });

  it('has a Czech and an English text for every literal message key it uses', () => {
    const keys = new Set<string>();
    for (const file of rendererFiles) {
      for (const m of source(file).matchAll(
        /['"`]((?:ui|report|status|cli|check|attempt|domain|common|verdict|remediation)\.[a-z0-9_.-]+[a-z0-9_])['"`]/g,
      ))
        keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(100);
    expect(missing(keys)).toEqual([]);
  });

  it('has texts for every key it builds from a value', () => {
    const keys = [
      ...PLATFORM_HINTS.map((h) => `ui.platform.${h}`),
      ...['pending', 'running', 'completed', 'error', 'skipped'].map((p) => `ui.run.phase.${p}`),
      ...StoreProblemSchema.shape.reason.options.map((r) => `ui.store_problem.${r}`),
      ...PLATFORM_FILTERS.map((f) => `ui.remediation.filter_${f}`),
      ...VERDICTS.flatMap((v) => [`verdict.${v}`, `report.overall.${v}`]),
      ...FINDING_STATUSES.map((s) => `status.${s}`),
      ...ATTEMPT_STATUSES.map((s) => `attempt.${s}`),
      ...['exchange-online', 'exchange-server', 'dns-host', 'any', 'unknown'].map((p) => `remediation.platform.${p}`),
      ...PHASES.flatMap((p) => [`remediation.phase.${p}`, `remediation.phase.${p}.description`]),
      ...['domain', 'mx', 'host'].map((k) => `cli.target_${k}`),
      ...registry.map((c) => `check.${c.id}`),
      ...REQUIREMENTS.flatMap((r) => [r.titleKey, r.descriptionKey, r.sourceKey]),
    ];
    expect(missing(keys)).toEqual([]);
  });

  it('has texts for the message keys the main process sends to the wizard', () => {
    const keys = new Set<string>();
    for (const file of files(join(root, 'electron/main'), /\.ts$/)) {
      for (const m of source(file).matchAll(/'(ui\.[a-z0-9_.-]+)'/g)) keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(4);
    expect(missing(keys)).toEqual([]);
  });
});
