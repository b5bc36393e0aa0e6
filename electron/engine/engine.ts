/**
 * Assembles an assessment: validates the request, sets up DNS for it, runs the registry's checks
 * and returns the versioned Assessment document (DESIGN §2). Shared by the CLI and the app.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import {
  SCHEMA_VERSION,
  parseAssessmentRequest,
  type Assessment,
  type AssessmentRequest,
  type AssessmentRequestInput,
} from '../../shared/assessment';
import type { DnsResolver } from '../../shared/dns';
import { toUnicode } from '../../shared/domain-name';
import { checks as registry } from './checks/index';
import { defaultSettings, type AnyCheck, type EngineSettings } from './check';
import { splitPem } from './net/certificate';
import { ConnectToError, Connector, parseConnectTo, parseHostPort, type ConnectToRule } from './net/connect';
import { DnsClient, formatServer, parseResolverAddress, systemResolvers, type ServerAddress } from './net/dns-client';
import { createResolver } from './net/resolver';
import { clientFetch } from './net/dnssec/fetch';
import { iterativeFetch } from './net/dnssec/iterative';
import { createValidator, type DnssecFetch } from './net/dnssec/validator';
import { parseTrustAnchorFile } from '../../shared/dnssec/presentation';
import { ROOT_TRUST_ANCHORS } from '../../shared/dnssec/trust-anchors';
import type { TrustAnchor } from '../../shared/dnssec/types';
import { runChecks, type ProgressEvent } from './runner';
import type { NetworkReadiness } from '../../shared/readiness';
import { checkReadiness } from './readiness';
import { TOOL_VERSION } from './version';

export interface AssessOptions {
  /** resolver addresses `IP[:PORT]`; the system resolvers when empty */
  resolvers?: string[];
  /** per-attempt DNS timeout */
  dnsTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  checkTimeoutMs?: number;
  /** for tests: a resolver in place of the network client */
  dns?: DnsResolver;
  checks?: readonly AnyCheck[];
  /** `HOST:PORT:ADDR:PORT` overrides, like curl's --connect-to */
  connectTo?: string[];
  /** PEM file of extra trusted CA certificates (a lab CA, a private CA) */
  caFile?: string;
  /** simultaneous connections per server address (default 2) */
  maxConnectionsPerAddress?: number;
  /** `HOST[:PORT]` of the unrelated MX tried when no MX answers on port 25 */
  port25ReferenceHost?: string;
  /** for tests and benchmarks: a connector whose statistics the caller reads */
  connector?: Connector;
  /** DS/DNSKEY trust anchors in presentation format, in place of the IANA root anchors */
  trustAnchorFile?: string;
  /** for tests: the validator's clock (epoch ms) */
  dnssecNow?: () => number;
  /**
   * root servers `IP[:PORT]` for iterative resolution when the resolver strips DNSSEC data; the
   * IANA root servers by default. With `resolvers` given and no root hints, the user's resolver
   * is the override: no iterative fallback.
   */
  rootHints?: string[];
  /**
   * the network readiness measured beforehand (`measureReadiness`), reused as it is: a run of
   * several domains measures the network once
   */
  readiness?: NetworkReadiness;
  /** `HOST` tried on 465, 587, 993, 995 and 443 by the readiness test; without it those ports are not tested */
  portReferenceHost?: string;
}

/** A request that cannot be assessed at all (bad input, a domain that does not exist). */
export class AssessmentInputError extends Error {
  constructor(
    /** i18n key */
    readonly key: string,
    readonly params: Record<string, string> = {},
    detail?: string,
  ) {
    super(detail ?? key);
    this.name = 'AssessmentInputError';
  }
}

export function validateRequest(input: AssessmentRequestInput | unknown): AssessmentRequest {
  const parsed = parseAssessmentRequest(input);
  if (!parsed.ok) throw new AssessmentInputError('request.invalid', { errors: parsed.errors.join('; ') }, parsed.errors.join('; '));
  return parsed.value;
}

export function resolverServers(addresses: string[] | undefined): { servers: ServerAddress[]; source: 'system' | 'user' } {
  if (addresses && addresses.length > 0) {
    try {
      return { servers: addresses.map(parseResolverAddress), source: 'user' };
    } catch (error) {
      throw new AssessmentInputError('resolver.invalid', { detail: (error as Error).message });
    }
  }
  const servers = systemResolvers();
  if (servers.length === 0) throw new AssessmentInputError('resolver.none');
  return { servers, source: 'system' };
}

/** Settings from the options, validated: a bad CA file or reference host is an input error. */
export async function engineSettings(options: Pick<AssessOptions, 'caFile' | 'port25ReferenceHost'>): Promise<EngineSettings> {
  const settings = defaultSettings();
  if (options.port25ReferenceHost !== undefined) {
    try {
      settings.port25Reference = parseHostPort(options.port25ReferenceHost, 25);
    } catch (error) {
      throw new AssessmentInputError('port25_reference.invalid', { detail: (error as Error).message });
    }
  }
  if (options.caFile !== undefined) {
    let text: string;
    try {
      text = await readFile(options.caFile, 'utf8');
    } catch (error) {
      throw new AssessmentInputError('ca_file.invalid', { detail: (error as Error).message });
    }
    const pems = splitPem(text);
    if (pems.length === 0) throw new AssessmentInputError('ca_file.invalid', { detail: `${options.caFile}: no PEM certificate found` });
    for (const pem of pems) {
      try {
        new X509Certificate(pem);
      } catch (error) {
        throw new AssessmentInputError('ca_file.invalid', { detail: `${options.caFile}: ${(error as Error).message}` });
      }
    }
    settings.extraCaPem = pems;
  }
  return settings;
}

/** The `--port-reference` host: a name or an IP literal, no port (each readiness port is tried on it). */
export function portReference(spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  try {
    if (/:\d+$/.test(spec.trim())) throw new RangeError(`"${spec}": give the host without a port; each port is tried on it`);
    return parseHostPort(spec, 443).host;
  } catch (error) {
    throw new AssessmentInputError('port_reference.invalid', { detail: (error as Error).message });
  }
}

/** The trust anchors: the IANA root KSKs, or the user's file (an unreadable or malformed file is an input error). */
export async function trustAnchors(file: string | undefined): Promise<TrustAnchor[]> {
  if (file === undefined) return [...ROOT_TRUST_ANCHORS];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AssessmentInputError('trust_anchor.invalid', { detail: (error as Error).message });
  }
  try {
    return parseTrustAnchorFile(text, file);
  } catch (error) {
    throw new AssessmentInputError('trust_anchor.invalid', { detail: `${file}: ${(error as Error).message}` });
  }
}

/** Iterative resolution from the root hints, for when the resolver strips DNSSEC data (not when the user's --resolver is the override). */
function iterativeFallback(
  options: Pick<AssessOptions, 'rootHints' | 'dnsTimeoutMs'>,
  source: 'system' | 'user',
  signal: AbortSignal,
): DnssecFetch | undefined {
  if (source === 'user' && !options.rootHints?.length) return undefined;
  let rootHints: ServerAddress[] | undefined;
  try {
    rootHints = options.rootHints?.length ? options.rootHints.map(parseResolverAddress) : undefined;
  } catch (error) {
    throw new AssessmentInputError('resolver.invalid', { detail: (error as Error).message });
  }
  return iterativeFetch({
    signal,
    ...(rootHints ? { rootHints, port: rootHints[0]!.port } : {}),
    ...(options.dnsTimeoutMs ? { timeoutMs: options.dnsTimeoutMs } : {}),
  });
}

/** A connector for the options; bad --connect-to rules are input errors. */
export function buildConnector(
  options: Pick<AssessOptions, 'connectTo' | 'maxConnectionsPerAddress'>,
): (signal?: AbortSignal) => Connector {
  let rules: ConnectToRule[];
  try {
    rules = (options.connectTo ?? []).map(parseConnectTo);
  } catch (error) {
    if (error instanceof ConnectToError) throw new AssessmentInputError('connect_to.invalid', { detail: error.message });
    throw error;
  }
  const max = options.maxConnectionsPerAddress;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new AssessmentInputError(
      'request.invalid',
      { errors: 'maxConnectionsPerAddress must be a positive whole number' },
      'maxConnectionsPerAddress must be a positive whole number',
    );
  }
  return (signal) => new Connector({ connectTo: rules, ...(max ? { maxPerAddress: max } : {}), ...(signal ? { signal } : {}) });
}

/** What the readiness test needs from an assessment's setup. */
interface ReadinessSetup {
  servers: ServerAddress[];
  source: 'system' | 'user';
  settings: EngineSettings;
  anchors: TrustAnchor[];
  rules: Connector['rules'];
  dns: DnsResolver;
  signal: AbortSignal;
}

function readinessOf(options: AssessOptions, setup: ReadinessSetup): Promise<NetworkReadiness> {
  return checkReadiness({
    // A test resolver stands in for DNS: there is no network resolver to test.
    servers: options.dns ? undefined : setup.servers,
    ...(options.dnsTimeoutMs ? { dnsTimeoutMs: options.dnsTimeoutMs } : {}),
    anchorZone: setup.anchors[0]?.owner ?? '.',
    iterativeFallback: setup.source === 'system' || !!options.rootHints?.length,
    dns: setup.dns,
    // A connector of its own (same rules): the readiness connections do not count in the run's statistics.
    connector: new Connector({ connectTo: setup.rules, signal: setup.signal }),
    port25Reference: setup.settings.port25Reference,
    ...(options.portReferenceHost !== undefined ? { portReference: portReference(options.portReferenceHost)! } : {}),
    signal: setup.signal,
  });
}

/**
 * The network readiness for these options alone (resolvers, --connect-to, reference hosts, trust
 * anchors), without assessing a domain: a run of several domains measures once and passes the
 * result to each `assess` as `readiness`. Bad options are input errors, as in `assess`.
 */
export async function measureReadiness(options: AssessOptions = {}): Promise<NetworkReadiness> {
  const { servers, source } = resolverServers(options.resolvers);
  const settings = await engineSettings(options);
  const anchors = await trustAnchors(options.trustAnchorFile);
  portReference(options.portReferenceHost);
  const rules = options.connector?.rules ?? buildConnector(options)().rules;
  const signal = options.signal ?? new AbortController().signal;
  const client = new DnsClient({ servers, ...(options.dnsTimeoutMs ? { timeoutMs: options.dnsTimeoutMs } : {}), signal });
  const dns = options.dns ?? createResolver(client);
  return readinessOf(options, { servers, source, settings, anchors, rules, dns, signal });
}

export async function assess(input: AssessmentRequestInput | unknown, options: AssessOptions = {}): Promise<Assessment> {
  const request = validateRequest(input);
  const { servers, source } = resolverServers(options.resolvers);
  const settings = await engineSettings(options);
  const anchors = await trustAnchors(options.trustAnchorFile);
  if (!options.readiness) portReference(options.portReferenceHost);
  const makeConnector = buildConnector(options);
  // One controller for the run: the caller's cancellation and "the domain does not exist" both
  // stop every query, connection and check through it.
  const run = new AbortController();
  // Every in-flight query and check listens for cancellation; dozens at once are expected.
  setMaxListeners(0, run.signal);
  const forwardCancel = () => run.abort();
  if (options.signal?.aborted) run.abort();
  options.signal?.addEventListener('abort', forwardCancel, { once: true });
  const client = new DnsClient({ servers, ...(options.dnsTimeoutMs ? { timeoutMs: options.dnsTimeoutMs } : {}), signal: run.signal });
  const dns = options.dns ?? createResolver(client);
  // A test double resolver has no wire data to validate; the real client always does.
  const fallback = iterativeFallback(options, source, run.signal);
  const dnssec = options.dns
    ? undefined
    : createValidator({
        fetch: clientFetch(client, run.signal),
        anchors,
        ...(fallback ? { fallback } : {}),
        ...(options.dnssecNow ? { now: options.dnssecNow } : {}),
      });

  // A typo'd domain should end with a clear message, not a page of failed checks. The probe runs
  // beside the checks so a slow DNS server does not delay them; transport trouble is left to the
  // checks to report.
  const domainMissing = dns.lookup(request.domain, 'SOA').then(
    (soa) => soa.rcode === 'NXDOMAIN',
    () => false,
  );
  void domainMissing.then((missing) => missing && run.abort());
  const connector = options.connector ?? makeConnector(run.signal);

  const startedAt = new Date();
  let result;
  let readiness: NetworkReadiness | undefined;
  try {
    // Before the checks: what the network lets through explains what they could not test.
    readiness =
      options.readiness ??
      (await readinessOf(options, { servers, source, settings, anchors, rules: connector.rules, dns, signal: run.signal }));
    options.onProgress?.({ type: 'readiness', at: new Date().toISOString(), readiness });
    result = await runChecks({
      request,
      dns,
      ...(dnssec ? { dnssec } : {}),
      connector,
      settings,
      checks: options.checks ?? registry,
      signal: run.signal,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.checkTimeoutMs ? { checkTimeoutMs: options.checkTimeoutMs } : {}),
    });
  } finally {
    options.signal?.removeEventListener('abort', forwardCancel);
  }
  if (!options.signal?.aborted && (await domainMissing))
    throw new AssessmentInputError('domain.not_found', { domain: toUnicode(request.domain) });
  const finishedAt = new Date();
  return {
    schemaVersion: SCHEMA_VERSION,
    toolVersion: TOOL_VERSION,
    id: randomUUID(),
    request: {
      domain: request.domain,
      domainUnicode: toUnicode(request.domain),
      ...(request.clientName ? { clientName: request.clientName } : {}),
      ...(request.consultantName ? { consultantName: request.consultantName } : {}),
      extraHosts: request.extraHosts,
      dkimSelectors: request.dkimSelectors,
      platformHint: request.platformHint,
      language: request.language,
    },
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    cancelled: options.signal?.aborted ?? false,
    resolver: { servers: servers.map(formatServer), source },
    targets: result.targets,
    attempts: result.attempts,
    findings: result.findings,
    ...(readiness ? { readiness } : {}),
  };
}
