/**
 * The policy fetch of RFC 8461 §3.3: one HTTPS GET of `https://mta-sts.<domain>/.well-known/mta-sts.txt`
 * over the engine's connection layer (connect-to rules, per-address limits, cancellation), with
 * the certificate checked against the engine's trust store, no redirect followed, explicit
 * deadlines for every stage, and bounded headers and body. Every outcome is data.
 */
import http from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ConnectFn } from '../../net/connect';
import { ConnectError, formatEndpoint } from '../../net/connect';
import { tlsHandshake } from '../../net/certificate';

export interface PolicyFetchLimits {
  connectMs: number;
  handshakeMs: number;
  /** from the request written to the last body byte */
  responseMs: number;
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

// RFC 8461 §3.3 suggests a one-minute timeout for senders; a policy is a few hundred bytes, so
// an audit waits less and reads at most 64 KiB.
export const DEFAULT_FETCH_LIMITS: PolicyFetchLimits = {
  connectMs: 8_000,
  handshakeMs: 10_000,
  responseMs: 15_000,
  maxHeaderBytes: 16_384,
  maxBodyBytes: 65_536,
};

export const POLICY_PATH = '/.well-known/mta-sts.txt';

export interface CertificateCheck {
  authorized: boolean;
  authorizationError?: string;
  hostMatch: boolean;
  hostMismatch?: string;
  protocol: string;
  subject?: string;
  issuer?: string;
  validTo?: string;
}

export type FetchProblem =
  | 'refused'
  | 'connect_timeout'
  | 'unreachable'
  | 'tls_failed'
  | 'tls_timeout'
  | 'certificate'
  | 'response_timeout'
  | 'header_too_large'
  | 'too_large'
  | 'protocol'
  | 'closed'
  | 'aborted';

export interface FetchResult {
  host: string;
  address: string;
  /** where the connection really went (connect-to) */
  endpoint: string;
  certificate?: CertificateCheck;
  problem?: FetchProblem;
  detail?: string;
  status?: number;
  contentType?: string;
  location?: string;
  /** body bytes read (up to the limit) */
  bytes?: number;
  body?: string;
}

function connectProblem(error: unknown): FetchProblem {
  if (!(error instanceof ConnectError)) return 'unreachable';
  if (error.problem === 'refused') return 'refused';
  if (error.problem === 'timeout') return 'connect_timeout';
  if (error.problem === 'aborted') return 'aborted';
  return 'unreachable';
}

/** GET over an established TLS socket; resolves with what the server said, never rejects. */
function get(
  socket: TLSSocket,
  host: string,
  limits: PolicyFetchLimits,
  signal: AbortSignal,
): Promise<Omit<FetchResult, 'host' | 'address' | 'endpoint'>> {
  return new Promise((resolve) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let bytes = 0;
    let head: { status: number; contentType?: string; location?: string } | undefined;
    const finish = (outcome: Omit<FetchResult, 'host' | 'address' | 'endpoint'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      socket.destroy();
      resolve(outcome);
    };
    const partial = () => ({ ...(head ?? {}), ...(head ? { bytes } : {}) });
    const onAbort = () => finish({ problem: 'aborted', detail: 'aborted' });
    const timer = setTimeout(
      () => finish({ ...partial(), problem: 'response_timeout', detail: `no complete response within ${limits.responseMs} ms` }),
      limits.responseMs,
    );
    // Node's parser bounds the header (maxHeaderSize) and never follows a redirect (RFC 8461 §3.3).
    const request = http.request({
      createConnection: () => socket,
      method: 'GET',
      host,
      path: POLICY_PATH,
      headers: { Host: host, 'User-Agent': 'MailAudit', Accept: 'text/plain', Connection: 'close' },
      maxHeaderSize: limits.maxHeaderBytes,
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'HPE_HEADER_OVERFLOW')
        finish({ problem: 'header_too_large', detail: `header larger than ${limits.maxHeaderBytes} bytes` });
      else if (/socket hang up|ECONNRESET/.test(`${error.code ?? ''} ${error.message}`))
        finish({ ...partial(), problem: 'closed', detail: error.message });
      else finish({ ...partial(), problem: 'protocol', detail: error.message });
    });
    request.on('response', (response) => {
      const type = response.headers['content-type'];
      const location = response.headers.location;
      head = {
        status: response.statusCode ?? 0,
        ...(type !== undefined ? { contentType: type } : {}),
        ...(location !== undefined ? { location } : {}),
      };
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
        bytes = declared;
        return finish({ ...partial(), problem: 'too_large', detail: `Content-Length ${declared}` });
      }
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxBodyBytes)
          return finish({ ...partial(), problem: 'too_large', detail: `more than ${limits.maxBodyBytes} bytes` });
        chunks.push(chunk);
      });
      response.on('end', () => finish({ ...partial(), body: Buffer.concat(chunks).toString('utf8') }));
      response.on('aborted', () => finish({ ...partial(), problem: 'closed', detail: 'the response ended early' }));
      response.on('error', (error) => finish({ ...partial(), problem: 'protocol', detail: error.message }));
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    request.end();
  });
}

/** Fetches the policy from one address of the policy host. */
export async function fetchPolicy(
  connect: ConnectFn,
  target: { host: string; address: string },
  options: { extraCaPem: readonly string[]; signal: AbortSignal; limits?: PolicyFetchLimits },
): Promise<FetchResult> {
  const limits = options.limits ?? DEFAULT_FETCH_LIMITS;
  const base = { host: target.host, address: target.address, endpoint: formatEndpoint(target.address, 443) };
  let socket;
  try {
    socket = await connect({ host: target.host, address: target.address, port: 443, timeoutMs: limits.connectMs, signal: options.signal });
  } catch (error) {
    return {
      ...base,
      ...(error instanceof ConnectError ? { endpoint: error.endpoint } : {}),
      problem: connectProblem(error),
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  const endpoint = formatEndpoint(socket.remoteAddress ?? target.address, socket.remotePort ?? 443);
  const handshake = await tlsHandshake(socket, {
    servername: target.host,
    extraCaPem: options.extraCaPem,
    timeoutMs: limits.handshakeMs,
    signal: options.signal,
  });
  if (!handshake.ok) {
    socket.destroy();
    const problem: FetchProblem =
      handshake.problem === 'timeout' ? 'tls_timeout' : handshake.problem === 'aborted' ? 'aborted' : 'tls_failed';
    return { ...base, endpoint, problem, detail: handshake.detail };
  }
  const facts = handshake.facts;
  const leaf = facts.chain[0];
  const certificate: CertificateCheck = {
    authorized: facts.authorized,
    ...(facts.authorizationError ? { authorizationError: facts.authorizationError } : {}),
    hostMatch: facts.hostMatch,
    ...(facts.hostMismatch ? { hostMismatch: facts.hostMismatch } : {}),
    protocol: facts.protocol,
    ...(leaf ? { subject: leaf.subject, issuer: leaf.issuer, ...(leaf.validTo ? { validTo: leaf.validTo } : {}) } : {}),
  };
  // RFC 8461 §3.3: the certificate must be valid for the mta-sts host and chain to a trusted root;
  // a sender fetches nothing from a host that fails this, so neither do we.
  if (!facts.authorized || !facts.hostMatch) {
    handshake.socket.destroy();
    return {
      ...base,
      endpoint,
      certificate,
      problem: 'certificate',
      detail: facts.authorized ? (facts.hostMismatch ?? 'name mismatch') : (facts.authorizationError ?? 'not trusted'),
    };
  }
  const response = await get(handshake.socket, target.host, limits, options.signal);
  return { ...base, endpoint, certificate, ...response };
}
