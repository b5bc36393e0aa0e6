/**
 * Network readiness (issue 11): what the network the assessment runs from lets through, measured
 * once before the checks — which resolvers answer, whether they pass DNSSEC data, which outbound
 * TCP ports open — and what each limitation means for the requirement rows. The engine measures
 * (electron/engine/readiness.ts); this module holds the document shape and the pure reading of
 * it that the CLI, the wizard and the PDF share. Texts are message keys (`readiness.*`).
 */
import type { CheckId } from '../electron/engine/checks/specs';
import type { ParamValue } from './assessment';
import { REQUIREMENTS } from './requirements';
import { CLIENT_PORTS, type NetworkReadiness, type PortReadiness, type PortState } from './readiness-schema';

export {
  CLIENT_PORTS,
  NetworkReadinessSchema,
  type DnssecPassState,
  type NetworkReadiness,
  type PortReadiness,
  type PortState,
  type ResolverReadiness,
} from './readiness-schema';

/** `limits`: some rows cannot be verified from here; `note`: worth knowing, the results still stand. */
export type LimitationSeverity = 'limits' | 'note';

export interface ReadinessLimitation {
  /** message key `readiness.limit.*`; `{requirements}` in it is filled by `limitationText` */
  key: string;
  params: Record<string, string>;
  /** the requirement rows (numbers) this limitation leaves unverifiable */
  requirements: number[];
  severity: LimitationSeverity;
}

/** Which checks need outbound TCP on each port. */
const PORT_CHECKS: Record<'smtp' | 'client' | 'https', readonly CheckId[]> = {
  smtp: ['starttls', 'certificate', 'tls-versions', 'tls-ciphers', 'tls-key-exchange', 'tls-extras', 'dane'],
  client: ['client-access'],
  https: ['web-access', 'exchange', 'mta-sts'],
};
const DNSSEC_CHECKS: readonly CheckId[] = ['dnssec', 'dane'];

/** The rows (numbers, ascending) decided by any of `checks`, from the requirement catalogue. */
export function requirementsOf(checks: readonly CheckId[]): number[] {
  return REQUIREMENTS.filter(
    (r) =>
      r.checks.some((c) => checks.includes(c)) || [...r.extraFindingKeys].some((k) => checks.some((c) => k.startsWith(`finding.${c}.`))),
  )
    .map((r) => r.number)
    .sort((a, b) => a - b);
}

const BAD_PORT: ReadonlySet<PortState> = new Set(['blocked', 'refused', 'unreachable']);

/** What the measured network means for the results, worst first. */
export function readinessLimitations(r: NetworkReadiness): ReadinessLimitation[] {
  const out: ReadinessLimitation[] = [];
  const answered = r.resolvers.filter((x) => x.answered);
  if (r.resolvers.length > 0 && answered.length === 0) {
    // Without DNS nothing can be looked up: every row the engine decides.
    out.push({
      key: 'readiness.limit.no_resolver',
      params: { servers: r.resolvers.map((x) => x.server).join(', ') },
      requirements: REQUIREMENTS.filter((q) => !q.manual).map((q) => q.number),
      severity: 'limits',
    });
  } else if (answered.length < r.resolvers.length) {
    out.push({
      key: 'readiness.limit.some_resolvers_silent',
      params: {
        servers: r.resolvers
          .filter((x) => !x.answered)
          .map((x) => x.server)
          .join(', '),
      },
      requirements: [],
      severity: 'note',
    });
  }

  const port = (n: number) => r.ports.find((p) => p.port === n);
  const smtp = port(25);
  if (smtp && BAD_PORT.has(smtp.state)) {
    out.push({
      key: smtp.state === 'blocked' ? 'readiness.limit.port25_blocked' : 'readiness.limit.port25_refused',
      params: { host: smtp.host ?? '—' },
      requirements: requirementsOf(PORT_CHECKS.smtp),
      severity: 'limits',
    });
  } else if (smtp?.state === 'unresolved') {
    out.push({
      key: 'readiness.limit.port25_unknown',
      params: { host: smtp.host ?? '—' },
      requirements: requirementsOf(PORT_CHECKS.smtp),
      severity: 'note',
    });
  }
  const client = CLIENT_PORTS.map(port).filter((p): p is PortReadiness => p !== undefined && BAD_PORT.has(p.state));
  if (client.length > 0) {
    out.push({
      key: 'readiness.limit.client_ports_blocked',
      params: { ports: client.map((p) => p.port).join(', '), host: client[0]!.host ?? '—' },
      requirements: requirementsOf(PORT_CHECKS.client),
      severity: 'limits',
    });
  }
  const https = port(443);
  if (https && BAD_PORT.has(https.state)) {
    out.push({
      key: 'readiness.limit.https_blocked',
      params: { host: https.host ?? '—' },
      requirements: requirementsOf(PORT_CHECKS.https),
      severity: 'limits',
    });
  }

  if (r.dnssec.state === 'strips') {
    const iterative = r.dnssec.fallback === 'iterative';
    out.push({
      key: iterative ? 'readiness.limit.dnssec_strips_iterative' : 'readiness.limit.dnssec_strips',
      params: {},
      requirements: requirementsOf(DNSSEC_CHECKS),
      severity: iterative ? 'note' : 'limits',
    });
  } else if (r.dnssec.state === 'unknown' && answered.length > 0) {
    out.push({ key: 'readiness.limit.dnssec_unknown', params: {}, requirements: requirementsOf(DNSSEC_CHECKS), severity: 'note' });
  }

  // Untested for want of a reference host (a cancelled probe keeps its host and is no such note).
  const untested = r.ports.filter((p) => p.state === 'not_tested' && p.host === undefined);
  if (untested.length > 0) {
    out.push({
      key: 'readiness.limit.ports_not_tested',
      params: { ports: untested.map((p) => p.port).join(', ') },
      requirements: [],
      severity: 'note',
    });
  }
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'limits' ? -1 : 1));
}

/** A translation function in the reader's language: `translate` bound to one, the wizard's `t`, the report's `m.t`. */
export type Translator = (key: string, params?: Record<string, ParamValue>) => string;

/** Row numbers as words: `1–3, 5 a 10` / `1–3, 5 and 10` (runs of three or more as a range). */
export function formatRequirementNumbers(numbers: readonly number[], t: Translator): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${t('readiness.and')} ${parts.at(-1)}`;
}

/** `požadavek 8` / `požadavky 1–3, 5 a 10`: the rows with the noun in the right number. */
export function requirementsPhrase(numbers: readonly number[], t: Translator): string {
  const list = formatRequirementNumbers(numbers, t);
  return t(new Set(numbers).size === 1 ? 'readiness.requirement_one' : 'readiness.requirement_many', { list });
}

/** A limitation in plain words, in the translator's language. */
export function limitationText(l: ReadinessLimitation, t: Translator): string {
  return t(l.key, { ...l.params, requirements: requirementsPhrase(l.requirements, t) });
}

/** Whether anything in the readiness leaves rows unverifiable (for a cover or summary line). */
export function readinessLimits(r: NetworkReadiness | undefined): boolean {
  return r !== undefined && readinessLimitations(r).some((l) => l.severity === 'limits');
}
