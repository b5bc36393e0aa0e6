/**
 * STARTTLS on port 25 of every MX address, IPv4 and IPv6 (requirement 1 of the measure; RFC 3207).
 * Per address: greeting, EHLO, STARTTLS offered, and a full TLS handshake to show it completes
 * (its certificate chain is kept for the certificate check, so no second connection is needed).
 * Network reality is reported as such (DESIGN §4): a 421 is "rate-limited", not "no STARTTLS";
 * when no MX answers at all, a well-known unrelated MX is tried, and if that fails too the finding
 * is "port 25 blocked from this network".
 */
import net from 'node:net';
import type { Evidence, ParamValue } from '../../../../shared/assessment';
import { replyText } from '../../../../shared/smtp-reply';
import type { FindingStatus } from '../../../../shared/status';
import { SkipCheck, defineCheck, type CheckContext, type FindingOf, type OutputOf } from '../../check';
import { closeTlsPolitely, tlsHandshake } from '../../net/certificate';
import { ConnectError, formatEndpoint } from '../../net/connect';
import { SmtpConversation, probeSmtpStartTls } from '../../net/smtp';
import { mxSpec } from '../mx/spec';
import { startTlsSpec, type Port25Reference, type StartTlsAddressResult, type StartTlsOutcome, type StartTlsResult } from './spec';

type StartTlsFinding = FindingOf<typeof startTlsSpec>;

export const SMTP_PORT = 25;
/** one address's whole conversation, TLS handshake included */
const ADDRESS_DEADLINE_MS = 75_000;

/**
 * Addresses where STARTTLS was accepted (220), for the TLS checks: their prober opens new
 * connections with `smtpStartTlsOpener`. `handshakeCompleted` is false where node:tls could not
 * finish the handshake (e.g. a server that only speaks SSL 3.0), which the raw prober may still read.
 */
export function startTlsTargets(
  result: StartTlsResult | undefined,
): { host: string; address: string; port: number; family: 4 | 6; handshakeCompleted: boolean }[] {
  return (result?.addresses ?? [])
    .filter((a) => a.outcome === 'ok' || a.outcome === 'handshake_failed')
    .map((a) => ({ host: a.host, address: a.address, port: a.port, family: a.family, handshakeCompleted: a.outcome === 'ok' }));
}

const STATUS: Record<StartTlsOutcome, FindingStatus> = {
  ok: 'pass',
  not_offered: 'fail',
  helo_only: 'fail',
  temporarily_refused: 'fail',
  refused: 'fail',
  handshake_failed: 'fail',
  protocol_error: 'fail',
  // The server could not be assessed from here: "not verified", never "no STARTTLS" (DESIGN §4).
  rate_limited: 'not_tested',
  greeting_refused: 'not_tested',
  ehlo_refused: 'not_tested',
  no_greeting: 'not_tested',
  stalled: 'not_tested',
  too_slow: 'not_tested',
  connection_lost: 'not_tested',
  no_ipv6: 'not_tested',
  // Port 25 works from here (another address or the reference answered), yet this one does not.
  unreachable: 'warning',
};

function oneLine(reply: string[] | undefined): string {
  return (reply ?? []).join(' / ');
}

async function probeAddress(ctx: CheckContext, host: string, address: string): Promise<StartTlsAddressResult> {
  const family = net.isIPv6(address) ? 6 : 4;
  const started = Date.now();
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ADDRESS_DEADLINE_MS)]);
  const base = { host, address, family, port: SMTP_PORT } as const;
  const done = (r: Omit<StartTlsAddressResult, 'host' | 'address' | 'family' | 'port' | 'durationMs'>): StartTlsAddressResult => ({
    ...base,
    ...r,
    durationMs: Date.now() - started,
  });

  const probe = await probeSmtpStartTls(
    ctx.connect,
    { host, address, port: SMTP_PORT },
    { signal, ...(ctx.settings.heloName ? { heloName: ctx.settings.heloName } : {}) },
  );
  if (probe.kind === 'connect_failed') {
    if (probe.problem === 'aborted' && ctx.signal.aborted) throw new Error('aborted');
    // No route at all for IPv6 means this network has no IPv6, not that the server is down.
    const outcome =
      family === 6 && probe.problem === 'unreachable' ? 'no_ipv6' : probe.problem === 'rate_limited' ? 'rate_limited' : 'unreachable';
    return done({ endpoint: probe.endpoint, outcome, stage: 'connect', detail: `${probe.problem}${probe.code ? ` (${probe.code})` : ''}` });
  }
  const common = { endpoint: probe.endpoint, session: probe.session };
  switch (probe.kind) {
    case 'ready': {
      const handshake = await tlsHandshake(probe.socket, { servername: host, extraCaPem: ctx.settings.extraCaPem, signal });
      if (!handshake.ok)
        return done({
          ...common,
          outcome: 'handshake_failed',
          stage: 'tls',
          detail: `${handshake.problem}: ${handshake.detail}`,
          unexpectedBytes: probe.unexpectedBytes,
        });
      await closeTlsPolitely(handshake.socket);
      return done({ ...common, outcome: 'ok', tls: handshake.facts, unexpectedBytes: probe.unexpectedBytes });
    }
    case 'not_offered':
      return done({ ...common, outcome: probe.session.helo ? 'helo_only' : 'not_offered', stage: probe.session.helo ? 'helo' : 'ehlo' });
    case 'reply': {
      const reply = replyText(probe.reply);
      let outcome: StartTlsOutcome;
      if (probe.problem === 'rate_limited') outcome = 'rate_limited';
      else if (probe.stage === 'greeting') outcome = probe.problem === 'refused' ? 'greeting_refused' : 'protocol_error';
      else if (probe.stage === 'ehlo' || probe.stage === 'helo') outcome = 'ehlo_refused';
      else
        outcome =
          probe.problem === 'temporarily_refused' ? 'temporarily_refused' : probe.problem === 'refused' ? 'refused' : 'protocol_error';
      return done({ ...common, outcome, stage: probe.stage, reply });
    }
    case 'failed': {
      if (probe.problem === 'aborted' && ctx.signal.aborted) throw new Error('aborted');
      const silent = probe.problem === 'timeout' || probe.problem === 'aborted' || probe.problem === 'closed' || probe.problem === 'reset';
      const outcome: StartTlsOutcome =
        probe.problem === 'too_slow'
          ? 'too_slow'
          : !silent
            ? 'protocol_error'
            : probe.stage === 'greeting'
              ? 'no_greeting'
              : probe.problem === 'closed' || probe.problem === 'reset'
                ? 'connection_lost'
                : 'stalled';
      return done({ ...common, outcome, stage: probe.stage, detail: `${probe.problem}: ${probe.detail}` });
    }
  }
}

/** Is outbound port 25 open from here? Connects to the reference MX and reads its greeting. */
async function probeReference(ctx: CheckContext): Promise<Port25Reference> {
  const { host, port } = ctx.settings.port25Reference;
  const ref: Port25Reference = { host, port, outcome: 'unresolved' };
  let address = net.isIP(host) ? host : undefined;
  if (!address) {
    try {
      const a = await ctx.dns.lookup(host, 'A');
      address = a.records[0]?.address;
      if (!address) {
        const aaaa = await ctx.dns.lookup(host, 'AAAA');
        address = aaaa.records[0]?.address;
      }
    } catch (error) {
      return { ...ref, detail: error instanceof Error ? error.message : String(error) };
    }
    if (!address) return { ...ref, detail: 'no address in DNS' };
  }
  ref.address = address;
  try {
    const socket = await ctx.connect({ host, address, port, signal: ctx.signal });
    // The TCP connection is the answer; read the greeting and say goodbye to be polite.
    const c = new SmtpConversation(socket, { signal: ctx.signal });
    await c.readReply(5_000).catch(() => undefined);
    await c.quit();
    return { ...ref, outcome: 'reachable' };
  } catch (error) {
    if (error instanceof ConnectError) return { ...ref, outcome: 'unreachable', detail: error.message };
    throw error;
  }
}

function evidenceFor(r: StartTlsAddressResult): Evidence[] {
  const evidence: Evidence[] = [{ type: 'address', host: r.host, address: r.address }];
  if (r.endpoint && r.endpoint !== formatEndpoint(r.address, r.port))
    evidence.push({ type: 'text', key: 'evidence.connect.endpoint', value: r.endpoint });
  if (r.session?.transcript.length)
    evidence.push({ type: 'text', key: 'evidence.smtp.transcript', value: r.session.transcript.join('\n') });
  if (r.tls)
    evidence.push({
      type: 'text',
      key: 'evidence.tls.negotiated',
      value: `${r.tls.protocol} ${r.tls.cipher}${r.tls.ephemeral?.name ? ` ${r.tls.ephemeral.name}` : ''}`,
    });
  return evidence;
}

function findingFor(r: StartTlsAddressResult): StartTlsFinding {
  const params: Record<string, ParamValue> = { host: r.host, address: r.address, port: r.port };
  if (r.endpoint) params.endpoint = r.endpoint;
  if (r.stage) params.stage = r.stage.toUpperCase();
  if (r.reply) params.reply = oneLine(r.reply);
  if (r.detail) params.detail = r.detail;
  if (r.outcome === 'protocol_error') params.problem = r.reply ? oneLine(r.reply) : (r.detail ?? '');
  if (r.session) params.extensions = r.session.extensions;
  if (r.tls) Object.assign(params, { protocol: r.tls.protocol, cipher: r.tls.cipher });
  return { status: STATUS[r.outcome], key: `finding.starttls.${r.outcome}`, target: r.host, params, evidence: evidenceFor(r) };
}

export const startTlsCheck = defineCheck(startTlsSpec, {
  timeoutMs: 180_000,
  async run(ctx): Promise<OutputOf<typeof startTlsSpec>> {
    const mx = ctx.resultOf(mxSpec);
    if (!mx) throw new SkipCheck('skipped.requires_mx');
    const hosts = mx.hosts.filter((h) => !h.problem && h.ipv4.length + h.ipv6.length > 0);
    if (hosts.length === 0) throw new SkipCheck('skipped.no_mail_servers');

    const addresses = await Promise.all(
      hosts.flatMap((h) =>
        [...h.ipv4, ...h.ipv6].map(async (address) => {
          const label = `${h.exchange} [${address}]`;
          ctx.progress.target(label, 'started');
          const r = await probeAddress(ctx, h.exchange, address);
          ctx.progress.target(label, 'finished', STATUS[r.outcome]);
          return r;
        }),
      ),
    );

    const result: StartTlsResult = { port: SMTP_PORT, addresses, port25: 'open' };
    const findings: StartTlsFinding[] = [];
    const noneConnected = addresses.every((a) => a.stage === 'connect');
    if (noneConnected && addresses.some((a) => a.outcome === 'unreachable')) {
      const { host } = ctx.settings.port25Reference;
      ctx.progress.target(host, 'started');
      result.reference = await probeReference(ctx);
      ctx.progress.target(host, 'finished', result.reference.outcome === 'reachable' ? 'pass' : 'not_tested');
      if (result.reference.outcome !== 'reachable') {
        result.port25 = result.reference.outcome === 'unreachable' ? 'blocked' : 'unverified';
        const tried = addresses.map((a) => formatEndpoint(a.address, a.port));
        findings.push({
          status: 'not_tested',
          key: result.port25 === 'blocked' ? 'finding.starttls.port25_blocked' : 'finding.starttls.port25_unverified',
          params: {
            addresses: tried,
            reference: `${result.reference.host}:${result.reference.port}`,
            detail: result.reference.detail ?? null,
          },
          evidence: [
            ...addresses.map((a): Evidence => ({ type: 'address', host: a.host, address: a.address })),
            ...(result.reference.address
              ? [{ type: 'address' as const, host: result.reference.host, address: result.reference.address }]
              : []),
          ],
        });
        return { data: result, findings };
      }
    }

    for (const r of addresses) {
      findings.push(findingFor(r));
      if (r.unexpectedBytes) {
        findings.push({
          status: 'warning',
          key: 'finding.starttls.data_after_ready',
          target: r.host,
          params: { host: r.host, address: r.address, bytes: r.unexpectedBytes },
          evidence: evidenceFor(r),
        });
      }
    }
    return { data: result, findings };
  },
});
