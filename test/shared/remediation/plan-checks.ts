/**
 * Invariants every generated plan must satisfy, whatever the assessment: numbering and phases,
 * texts in both languages with every placeholder filled, and commands and records that parse.
 */
import { expect } from 'vitest';
import type { ParamValue } from '../../../shared/assessment';
import { hasMessage, translate } from '../../../shared/i18n/index';
import { hasUnsafeCharacter } from '../../../shared/quote';
import type { RemediationAction, RemediationPlan } from '../../../shared/remediation/index';
import { lexPowerShell, parseRegSnippet, parseZoneLine, type PsToken } from './parsers';

function expectText(key: string, params: Record<string, ParamValue> | undefined, where: string): void {
  for (const lang of ['cs', 'en'] as const) {
    expect(hasMessage(key, lang), `${where}: ${key} (${lang})`).toBe(true);
    const text = translate(lang, key, params ?? {});
    expect(text, `${where}: ${key} (${lang}) has an unfilled placeholder`).not.toMatch(/(?<!\\u)\{[a-zA-Z0-9_]+\}/);
  }
}

export function checkAction(action: RemediationAction, where: string): PsToken[] {
  switch (action.kind) {
    case 'powershell': {
      if (action.noteKey) expectText(action.noteKey, action.noteParams, where);
      return lexPowerShell(action.code);
    }
    case 'dns-record': {
      if (action.noteKey) expectText(action.noteKey, action.noteParams, where);
      const r = parseZoneLine(action.zoneFile);
      expect(r.owner, where).toBe(`${action.name}.`);
      expect(r.type, where).toBe(action.type);
      expect(r.ttl, where).toBe(action.ttl);
      if (r.type === 'TXT') expect(r.text, where).toBe(action.value);
      else expect(r.fields.join(' '), where).toBe(action.value);
      return [];
    }
    case 'registry': {
      const reg = parseRegSnippet(action.reg);
      expect(reg.key, where).toBe(`HKEY_LOCAL_MACHINE\\${action.path.slice('HKLM:\\'.length)}`);
      expect(reg.name, where).toBe(action.name);
      expect(String(reg.dword), where).toBe(action.value);
      const tokens = lexPowerShell(action.powershell);
      const strings = tokens.filter((t) => t.type === 'string').map((t) => (t as { value: string }).value);
      expect(strings, where).toContain(action.path);
      expect(strings, where).toContain(action.name);
      return tokens;
    }
    case 'instruction':
      expectText(action.key, action.params, where);
      return [];
    case 'file':
      if (action.noteKey) expectText(action.noteKey, action.noteParams, where);
      expect(action.name, where).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      expect(hasUnsafeCharacter(action.content.replaceAll('\n', '')), where).toBe(false);
      return [];
  }
}

export function checkPlan(plan: RemediationPlan, label: string, options: { unregisteredChecks?: boolean } = {}): void {
  expect(
    plan.steps.map((s) => s.order),
    label,
  ).toEqual(plan.steps.map((_, i) => i + 1));
  const phases = plan.steps.map((s) => s.phase);
  expect(phases, `${label}: phases in order`).toEqual([...phases].sort((a, b) => a - b));
  expect(new Set(plan.steps.map((s) => s.id)).size, `${label}: unique ids`).toBe(plan.steps.length);
  expectText(`remediation.platform.${plan.platform}`, {}, label);
  for (const step of plan.steps) {
    const where = `${label} #${step.order} ${step.id}`;
    expect([1, 2, 3, 4], where).toContain(step.phase);
    expectText(step.titleKey, step.titleParams, where);
    expectText(step.riskKey, step.riskParams, where);
    expectText(`remediation.platform.${step.platform}`, {}, where);
    expect(step.actions.length, where).toBeGreaterThan(0);
    // MX discovery belongs to no row of the measure (every row builds on it), nor do MTA-STS and
    // TLS-RPT (recommended, DESIGN §4); every other step serves a row — except steps for checks not
    // registered yet, whose keys decide no row so far.
    if (step.requirementIds.length === 0 && !options.unregisteredChecks)
      expect(
        step.fixes.every((f) => /^finding\.(mx|mta_sts|tlsrpt)\./.test(f.key)),
        `${where}: belongs to a requirement`,
      ).toBe(true);
    for (const action of step.actions) checkAction(action, where);
  }
}

/** The single-quoted literals of every PowerShell snippet of a plan. */
export function psStrings(plan: RemediationPlan): string[] {
  return plan.steps.flatMap((s) =>
    s.actions.flatMap((a) =>
      (a.kind === 'powershell' ? lexPowerShell(a.code) : a.kind === 'registry' ? lexPowerShell(a.powershell) : [])
        .filter((t) => t.type === 'string')
        .map((t) => (t as { value: string }).value),
    ),
  );
}

export function records(plan: RemediationPlan, type?: string) {
  return plan.steps.flatMap((s) =>
    s.actions.filter((a): a is Extract<RemediationAction, { kind: 'dns-record' }> => a.kind === 'dns-record' && (!type || a.type === type)),
  );
}
