/**
 * The remediation catalogue: the step builders, and for every finding key the engine can emit,
 * which builder fixes it or why no action is needed. The routing is declared by each check beside
 * its finding keys (`electron/engine/checks/<id>/findings.ts`); here it is only looked up, exactly
 * — a key no check declares has no entry and gets no step.
 */
import { specs } from '../../electron/engine/checks/specs';
import type { Finding } from '../assessment';
import {
  dkimKeySteps,
  dkimSetupSteps,
  dmarcExternalSteps,
  dmarcSteps,
  mxSteps,
  spfLookupSteps,
  spfRecordSteps,
  spfReviewSteps,
} from './steps/mail-auth';
import {
  certificateSteps,
  clientAccessSteps,
  daneSteps,
  dnssecSteps,
  exchangeSteps,
  mtaStsSteps,
  starttlsSteps,
  tlsCipherSteps,
  tlsProtocolSteps,
  webAccessSteps,
} from './steps/transport';
import type { StepBuilder } from './types';

import type { BuilderId, RemediationEntry } from './entry';

export type { BuilderId, RemediationEntry } from './entry';

/** The builder of each id; `BUILDER_IDS` gives their order within a phase. */
export const BUILDERS = {
  'mx-records': mxSteps,
  dnssec: dnssecSteps,
  'spf-record': spfRecordSteps,
  'spf-lookups': spfLookupSteps,
  'spf-review': spfReviewSteps,
  'dkim-setup': dkimSetupSteps,
  'dkim-key': dkimKeySteps,
  dmarc: dmarcSteps,
  'dmarc-external': dmarcExternalSteps,
  'mta-sts': mtaStsSteps,
  starttls: starttlsSteps,
  certificate: certificateSteps,
  'tls-protocols': tlsProtocolSteps,
  'tls-ciphers': tlsCipherSteps,
  dane: daneSteps,
  'client-access': clientAccessSteps,
  'web-access': webAccessSteps,
  exchange: exchangeSteps,
} satisfies Record<BuilderId, StepBuilder>;

const ROUTES: ReadonlyMap<string, RemediationEntry> = new Map(
  specs.flatMap((spec) => Object.entries(spec.findings).map(([key, d]) => [key, d.remediation] as const)),
);

/** The catalogue entry of a finding; undefined for a key no check declares (e.g. from a newer version's file). */
export function remediationEntry(f: Pick<Finding, 'key'>): RemediationEntry | undefined {
  return ROUTES.get(f.key);
}
