/**
 * The remediation plan for one Assessment: the steps that fix its findings on Exchange Online,
 * Exchange Server and at the DNS host, with commands and records generated from the
 * assessment's own values and quoted by `quote.ts`.
 *
 * Phases keep mail flowing (DESIGN §1, §5): steps of one phase can be done together; a phase
 * starts when the one before it is done and, where a step says so, observed.
 *   1. prepare and monitor — records that change no delivery decision yet: DMARC p=none with
 *      reports, SPF and MX corrections, DKIM keys/CNAMEs, DNSSEC signing, MTA-STS in testing;
 *   2. enable — DKIM signing, TLS and certificate changes, TLSA records (after DNSSEC is
 *      secure), inbound DANE preparation, client and web access hardening;
 *   3. enforce after observation — DMARC quarantine (after the reports show every legitimate
 *      sender passing), a certificate change where TLSA records are published (after the new
 *      TLSA), the Exchange Online MX switch and inbound DANE;
 *   4. final enforcement — DMARC reject, removal of the old TLSA record.
 */
import type { Assessment, Finding } from '../assessment';
import { parseDomainName } from '../domain-name';
import { QuoteError } from '../quote';
import { effectiveFindings, requirementsOfFinding, type RequirementId } from '../requirements';
import { BUILDERS, remediationEntry, type BuilderId, type RemediationEntry } from './catalogue';
import { BUILDER_IDS } from './entry';
import { instruction } from './actions';
import { platformView, type PlatformView } from './context';
import type { RemediationPlan, RemediationStep, StepDraft } from './types';

export type { RemediationAction, RemediationPlan, RemediationStep } from './types';

export const PHASES = [1, 2, 3, 4] as const;

const fixKey = (f: { key: string; target?: string }) => `${f.key}\u0000${f.target ?? ''}`;

function toFixes(fixes: StepDraft['fixes']): { key: string; target?: string }[] {
  const seen = new Set<string>();
  const out: { key: string; target?: string }[] = [];
  for (const f of fixes) {
    const fix = { key: f.key, ...(f.target !== undefined ? { target: f.target } : {}) };
    if (seen.has(fixKey(fix))) continue;
    seen.add(fixKey(fix));
    out.push(fix);
  }
  return out;
}

/**
 * The plan for an assessment; empty when nothing needs fixing. `route` is the catalogue's exact
 * lookup; tests of builders whose checks are not registered yet pass their own.
 */
export function buildRemediationPlan(
  a: Assessment,
  route: (f: Finding) => RemediationEntry | undefined = remediationEntry,
): RemediationPlan {
  const view = platformView(a);
  const parsed = parseDomainName(a.request.domain);
  if (!parsed.ok) return { platform: view.platform, steps: [] };
  const domain = parsed.ascii;

  const groups = new Map<BuilderId, Finding[]>();
  // The recorded manual test of row 6 counts like a check's finding (a message that left needs the outbound fix).
  for (const f of effectiveFindings(a)) {
    const entry = route(f);
    if (entry?.kind !== 'steps') continue;
    groups.set(entry.builder, [...(groups.get(entry.builder) ?? []), f]);
  }

  const drafts: { draft: StepDraft; builder: number; index: number; findings: Finding[] }[] = [];
  BUILDER_IDS.forEach((id, builderIndex) => {
    const findings = groups.get(id);
    if (!findings) return;
    let built: StepDraft[];
    try {
      built = BUILDERS[id]({ a, domain, view, findings });
    } catch (error) {
      // A value that cannot be quoted safely never reaches a command: the step says so instead.
      if (!(error instanceof QuoteError)) throw error;
      built = [
        {
          id: `manual:${id}`,
          phase: 1,
          titleKey: 'remediation.step.manual.title',
          riskKey: 'remediation.step.manual.risk',
          platform: 'any',
          fixes: findings,
          actions: [{ kind: 'instruction', key: 'remediation.instruction.value_not_safe', params: { reason: error.reason } }],
        },
      ];
    }
    built.forEach((draft, index) => drafts.push({ draft, builder: builderIndex, index, findings }));
  });

  if (view.conflict) {
    // The user resolves this first: the steps below follow DNS, which may be the wrong choice.
    drafts.push({ draft: platformConflictStep(view.conflict), builder: -1, index: 0, findings: [] });
  }
  drafts.sort((x, y) => x.draft.phase - y.draft.phase || x.builder - y.builder || x.index - y.index);
  const seenIds = new Set<string>();
  const steps: RemediationStep[] = [];
  for (const { draft, findings } of drafts) {
    if (seenIds.has(draft.id)) continue;
    seenIds.add(draft.id);
    const fixes = toFixes(draft.fixes);
    const fixed = new Set(fixes.map(fixKey));
    const requirementIds = new Set<RequirementId>(draft.requirementIds ?? []);
    for (const f of findings) if (fixed.has(fixKey(f))) for (const r of requirementsOfFinding(f)) requirementIds.add(r);
    // A step that fixes no finding by itself (e.g. removing an old TLSA) belongs to its builder's rows.
    if (requirementIds.size === 0) for (const f of findings) for (const r of requirementsOfFinding(f)) requirementIds.add(r);
    const { fixes: _drop, requirementIds: _ids, ...rest } = draft;
    steps.push({ ...rest, order: steps.length + 1, fixes, requirementIds: [...requirementIds] });
  }
  return { platform: view.platform, steps, ...(view.conflict ? { conflict: view.conflict } : {}) };
}

function platformConflictStep(conflict: NonNullable<PlatformView['conflict']>): StepDraft {
  return {
    id: 'platform-conflict',
    phase: 1,
    titleKey: 'remediation.step.platform-conflict.title',
    riskKey: 'remediation.step.platform-conflict.risk',
    platform: 'any',
    fixes: [],
    actions: [instruction(`remediation.instruction.platform_conflict.${conflict.dns}`, { hint: conflict.hint })],
  };
}
