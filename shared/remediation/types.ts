import type { Assessment, Finding, ParamValue } from '../assessment';
import type { RequirementId } from '../requirements';
import type { DetectedPlatform, PlatformView } from './context';

export type RemediationPlatform = 'exchange-online' | 'exchange-server' | 'dns-host' | 'any';

export type RemediationAction =
  | { kind: 'powershell'; code: string; noteKey?: string; noteParams?: Record<string, ParamValue> }
  | {
      kind: 'dns-record';
      /** owner name, absolute, A-label, without the trailing dot */
      name: string;
      type: string;
      /** the record data as a DNS panel asks for it (TXT: the text, unquoted) */
      value: string;
      ttl?: number;
      /** one presentation-format line, correctly quoted */
      zoneFile: string;
      noteKey?: string;
      noteParams?: Record<string, ParamValue>;
    }
  | {
      kind: 'registry';
      path: string;
      name: string;
      valueType: 'DWORD' | 'String';
      value: string;
      /** a .reg snippet (header, key, value) */
      reg: string;
      /** the same setting as one PowerShell line */
      powershell: string;
    }
  | { kind: 'instruction'; key: string; params?: Record<string, ParamValue> }
  | {
      /** a file to save as it is (e.g. the MTA-STS policy): shown as a code block, exported as its own file */
      kind: 'file';
      /** file name, also its name in the plan export: letters, digits, `.`, `_`, `-` */
      name: string;
      /** where it is published (a URL or a path on a server) */
      path?: string;
      content: string;
      noteKey?: string;
      noteParams?: Record<string, ParamValue>;
    };

export interface RemediationStep {
  id: string;
  order: number;
  /** steps of one phase can be done together; phases in order keep mail flowing (see PHASES) */
  phase: number;
  titleKey: string;
  titleParams?: Record<string, ParamValue>;
  /** the risk of this step, one sentence */
  riskKey: string;
  riskParams?: Record<string, ParamValue>;
  platform: RemediationPlatform;
  /** finding keys (and targets) this step fixes */
  fixes: { key: string; target?: string }[];
  actions: RemediationAction[];
  requirementIds: RequirementId[];
}

export interface RemediationPlan {
  platform: DetectedPlatform;
  steps: RemediationStep[];
  /** the user's platform hint contradicts DNS; the steps follow DNS */
  conflict?: PlatformView['conflict'];
}

/** What a step builder sees. */
export interface BuildContext {
  a: Assessment;
  /** the assessed domain, A-label, validated */
  domain: string;
  view: PlatformView;
  /** the findings the catalogue routed to this builder */
  findings: Finding[];
}

/** A step before the plan numbers it and adds the requirement rows of what it fixes. */
export type StepDraft = Omit<RemediationStep, 'order' | 'requirementIds' | 'fixes'> & {
  fixes: readonly Finding[] | { key: string; target?: string }[];
  requirementIds?: RequirementId[];
};

export type StepBuilder = (ctx: BuildContext) => StepDraft[];
