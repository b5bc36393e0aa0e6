/**
 * What the report renders: the Assessment plus the verdicts and the plan the shared catalogues
 * derive from it. The report computes no verdict of its own (DESIGN §2); it only lays these out.
 */
import type { Assessment, Finding, Language, ParamValue } from '../../shared/assessment';
import { diffAssessments, type AssessmentDiff, type ComparableAssessment } from '../../shared/assessment-diff';
import { translate } from '../../shared/i18n/index';
import { buildRemediationPlan, type RemediationPlan } from '../../shared/remediation/index';
import {
  REQUIREMENTS,
  effectiveFindings,
  evaluateRequirements,
  overallVerdict,
  type RequirementDefinition,
  type RequirementVerdict,
} from '../../shared/requirements';
import type { Verdict } from '../../shared/status';
import type { ReportBranding } from './branding';
import { plain } from './text';

export interface ReportOptions {
  /** IANA zone the times are shown in; default: this machine's zone */
  timeZone?: string;
  /** when the report is generated; default: now */
  generatedAt?: Date;
  /** an earlier assessment of the same domain: the report gets a "changes since" section and a cover line */
  previous?: Assessment | ComparableAssessment;
  /** the consultant's firm: name and logo on the cover, name in the footer, accent colour, signature block */
  branding?: ReportBranding;
}

export interface ReportModel {
  assessment: Assessment;
  lang: Language;
  timeZone: string;
  generatedAt: Date;
  requirements: readonly RequirementDefinition[];
  /**
   * The findings the verdicts rest on (shared/requirements.ts `effectiveFindings`): the checks'
   * own, with a recorded manual test in place of its "not tested". Every list of findings in the
   * report uses these, so the chapters and the appendix tell the same story as the verdicts.
   */
  findings: Finding[];
  verdicts: RequirementVerdict[];
  overall: Verdict;
  plan: RemediationPlan;
  /** what changed since the earlier assessment, when the report was built with one (shared/assessment-diff.ts) */
  diff?: AssessmentDiff;
  /** the consultant's firm, when the report was built with one (electron/report/branding.ts) */
  branding?: ReportBranding;
  /** `translate` in the report's language, with the result made safe to show */
  t: (key: string, params?: Record<string, ParamValue>) => string;
}

export function buildModel(
  assessment: Assessment,
  lang: Language,
  timeZone: string,
  generatedAt: Date,
  previous?: Assessment | ComparableAssessment,
  branding?: ReportBranding,
): ReportModel {
  const verdicts = [...evaluateRequirements(assessment)].sort((x, y) => x.number - y.number);
  return {
    assessment,
    lang,
    timeZone,
    generatedAt,
    requirements: REQUIREMENTS,
    findings: effectiveFindings(assessment),
    verdicts,
    overall: overallVerdict(verdicts),
    plan: buildRemediationPlan(assessment),
    ...(previous ? { diff: diffAssessments(previous, assessment) } : {}),
    ...(branding ? { branding } : {}),
    // Params come from the network; control characters in them must show, not act.
    t: (key, params) => plain(translate(lang, key, params ?? {})),
  };
}
