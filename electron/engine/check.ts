/**
 * The check contract (DESIGN §3.1–3.2, after sslyze's one-plugin-one-result): each check lives in
 * its own file under `checks/`, declares what it needs, and returns a typed result plus findings.
 * Server behaviour (refusals, timeouts, SERVFAIL) is data in the result; an exception thrown out
 * of `run` becomes an `error` attempt and never aborts the assessment.
 */
import type { z } from 'zod';
import type { AssessmentRequest, Evidence, ParamValue, Target } from '../../shared/assessment';
import type { DnsResolver } from '../../shared/dns';
import type { FindingStatus } from '../../shared/status';
import type { AnyCheckSpec, FindingKeyOf, ResultOf } from './check-spec';
import type { ConnectFn } from './net/connect';
import type { DnssecValidator } from './net/dnssec/validator';

export interface FindingInput<K extends string = string> {
  status: FindingStatus;
  /** a key the check's spec declares */
  key: K;
  params?: Record<string, ParamValue>;
  target?: string;
  evidence?: Evidence[];
}

export interface CheckOutput<R, K extends string = string> {
  data: R;
  findings: FindingInput<K>[];
  /** targets this check discovered (e.g. MX hosts) */
  targets?: Target[];
}

/** Thrown by a check that cannot run meaningfully: the attempt is recorded as `skipped`. */
export class SkipCheck extends Error {
  constructor(readonly because: string) {
    super(because);
    this.name = 'SkipCheck';
  }
}

export interface ProgressReporter {
  /** a unit of work on one target (a host, a selector, a DNS name) started or finished */
  target(name: string, phase: 'started' | 'finished', status?: FindingStatus): void;
}

/** Assessment-wide settings the checks read (DESIGN §4, §6). */
export interface EngineSettings {
  /** extra trusted CA certificates (PEM), besides Node's root store: the lab CA, a private CA */
  extraCaPem: string[];
  /** a well-known, unrelated mail server used to tell "port 25 blocked here" from "MX down" */
  port25Reference: { host: string; port: number };
  /** name sent in EHLO; default: the local address as an RFC 5321 §4.1.3 address literal */
  heloName?: string;
}

/** A large provider's MX that accepts connections from anywhere; only its banner is read. */
export const DEFAULT_PORT25_REFERENCE = { host: 'gmail-smtp-in.l.google.com', port: 25 };

export function defaultSettings(): EngineSettings {
  return { extraCaPem: [], port25Reference: { ...DEFAULT_PORT25_REFERENCE } };
}

export interface CheckContext {
  request: AssessmentRequest;
  /** the assessed domain, A-label form */
  domain: string;
  dns: DnsResolver;
  /** our own DNSSEC validation over the same resolver; absent where the DNS is a test double without wire data */
  dnssec?: DnssecValidator;
  /** opens TCP connections (connect-to overrides, per-address limit); sockets close when `signal` aborts */
  connect: ConnectFn;
  settings: EngineSettings;
  /** aborted on cancellation or when this check's deadline passes */
  signal: AbortSignal;
  /** epoch ms after which the check is cut off */
  deadline: number;
  progress: ProgressReporter;
  /**
   * Result of a check listed in the spec's `requires`; `undefined` when that check did not
   * complete. Reading any other check throws (`UndeclaredDependencyError`).
   */
  resultOf<S extends AnyCheckSpec>(spec: S): ResultOf<S> | undefined;
}

/** A finding with a key the spec declares. */
export type FindingOf<S extends AnyCheckSpec> = FindingInput<FindingKeyOf<S>>;

/** What a check returns: its declared result (before schema defaults) and its declared keys. */
export type OutputOf<S extends AnyCheckSpec> = CheckOutput<z.input<S['result']>, FindingKeyOf<S>>;

export interface CheckDefinition<S extends AnyCheckSpec = AnyCheckSpec> {
  spec: S;
  id: S['id'];
  /** per-check deadline in ms (default from the runner) */
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<OutputOf<S>>;
}

/** The network half of a check, bound to its spec (the pure half, `check-spec.ts`). */
export function defineCheck<const S extends AnyCheckSpec>(
  spec: S,
  implementation: { timeoutMs?: number; run(ctx: CheckContext): Promise<OutputOf<S>> },
): CheckDefinition<S> {
  return { spec, id: spec.id, ...implementation };
}

/** Any check, as the runner sees it: a spec and something that runs. */
export interface AnyCheck {
  spec: AnyCheckSpec;
  id: string;
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<CheckOutput<unknown>>;
}

/** A check read the result of a check it does not list in `requires`. */
export class UndeclaredDependencyError extends Error {
  constructor(
    readonly checkId: string,
    readonly dependencyId: string,
  ) {
    super(`check ${checkId} reads the result of ${dependencyId} without listing it in requires`);
    this.name = 'UndeclaredDependencyError';
  }
}

/** `ctx.resultOf` as the runner and the test harness give it: only declared dependencies. */
export function dependencyReader(spec: AnyCheckSpec, results: ReadonlyMap<string, unknown>): CheckContext['resultOf'] {
  return <S extends AnyCheckSpec>(dep: S): ResultOf<S> | undefined => {
    if (!spec.requires.some((r) => r.id === dep.id)) throw new UndeclaredDependencyError(spec.id, dep.id);
    return results.get(dep.id) as ResultOf<S> | undefined;
  };
}

/** DNS evidence for a lookup, the shape every check uses. */
export function dnsEvidence(lookup: { name: string; type: string; rcode: string; server?: string }, records: string[]): Evidence {
  return {
    type: 'dns',
    query: lookup.name,
    rrtype: lookup.type,
    rcode: lookup.rcode,
    records,
    ...(lookup.server ? { server: lookup.server } : {}),
  };
}

/** A DNS answer that is neither data nor a clean "does not exist": the check cannot conclude. */
export class DnsRcodeError extends Error {
  constructor(
    readonly rcode: string,
    readonly qname: string,
    readonly qtype: string,
  ) {
    super(`${qtype} ${qname}: server answered ${rcode}`);
    this.name = 'DnsRcodeError';
  }
}

/** Passes NOERROR and NXDOMAIN through; any other rcode (SERVFAIL, REFUSED, …) throws DnsRcodeError. */
export function expectAnswer<T extends { rcode: string; name: string; type: string }>(result: T): T {
  if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN') throw new DnsRcodeError(result.rcode, result.name, result.type);
  return result;
}
