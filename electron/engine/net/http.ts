/**
 * A small HTTP/1.1 client for auditing web hosts (OWA, ECP, EWS, autodiscover): one GET per
 * connection over the engine's connection layer (connect-to rules, per-address limit,
 * cancellation), TLS through the same handshake as the mail checks (certificate facts kept),
 * Host and SNI set to the host name, no redirect ever followed, explicit deadlines for every
 * stage, the header bounded by Node's parser (`maxHeaderSize`) and the body read up to a limit
 * and discarded. Everything the server does is data; the promise never rejects.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TlsHandshakeFacts } from '../../../shared/certificate';
import { tlsHandshake } from './certificate';
import { ConnectError, formatEndpoint, type ConnectFn } from './connect';

export interface HttpLimits {
  connectMs: number;
  handshakeMs: number;
  /** from the request written to the last byte of the status line and header */
  headerMs: number;
  /** from the header to the last body byte read */
  bodyMs: number;
  maxHeaderBytes: number;
  /** body bytes read before the connection is closed; the rest is never asked for */
  maxBodyBytes: number;
  /** body bytes kept as text (a login page, to find the OWA asset path) */
  keepBodyBytes: number;
}

// A web server answers a GET within seconds; a host that accepts and never speaks, or drips, is
// cut off at these limits (issue 9: never a hang).
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  connectMs: 8_000,
  handshakeMs: 10_000,
  headerMs: 10_000,
  bodyMs: 10_000,
  maxHeaderBytes: 32_768,
  maxBodyBytes: 65_536,
  keepBodyBytes: 65_536,
};

/**
 * Why a request has no complete answer. `refused` is a closed port (RST), `connect_timeout` a
 * filtered one (no answer at all), `unreachable` no route; the rest happen after the TCP handshake.
 */
export type HttpProblem =
  | 'refused'
  | 'connect_timeout'
  | 'unreachable'
  | 'rate_limited'
  | 'tls_failed'
  | 'tls_timeout'
  | 'header_timeout'
  | 'header_too_large'
  | 'body_timeout'
  | 'protocol'
  | 'closed'
  | 'aborted';

/** Problems that say the port itself is not there; another request to the same port would say the same. */
export const PORT_PROBLEMS: ReadonlySet<HttpProblem> = new Set([
  'refused',
  'connect_timeout',
  'unreachable',
  'rate_limited',
  'tls_failed',
  'tls_timeout',
]);

export interface HttpResponseHead {
  status: number;
  /** header fields in order as received, names lower case (repeated fields stay separate) */
  headers: [string, string][];
}

export interface HttpExchange {
  url: string;
  host: string;
  address: string;
  port: number;
  /** where the connection really went (connect-to) */
  endpoint: string;
  /** the handshake of an https request: certificate chain, trust, name match, protocol */
  tls?: TlsHandshakeFacts;
  response?: HttpResponseHead;
  /** body bytes read (the body was cut at the limit when `bodyTruncated`) */
  bodyBytes?: number;
  bodyTruncated?: boolean;
  /** the first `keepBodyBytes` of the body as text, when asked for */
  body?: string;
  problem?: HttpProblem;
  detail?: string;
  durationMs: number;
}

export interface HttpRequestOptions {
  scheme: 'http' | 'https';
  /** host name: Host header, SNI and the name the certificate must match */
  host: string;
  address: string;
  /** default 80 / 443 */
  port?: number;
  /** absolute path, e.g. `/owa/` */
  path: string;
  extraCaPem?: readonly string[];
  signal: AbortSignal;
  limits?: Partial<HttpLimits>;
  /** keep the start of the body as text */
  keepBody?: boolean;
}

export const USER_AGENT = 'MailAudit';

function connectProblem(error: unknown): HttpProblem {
  if (!(error instanceof ConnectError)) return 'unreachable';
  switch (error.problem) {
    case 'refused':
      return 'refused';
    case 'timeout':
      return 'connect_timeout';
    case 'aborted':
      return 'aborted';
    case 'rate_limited':
      return 'rate_limited';
    default:
      return 'unreachable';
  }
}

/** `https://host/path`, IPv6-free: the URL as a user would type it (port only when not the default). */
export function urlOf(scheme: 'http' | 'https', host: string, port: number, path: string): string {
  const defaultPort = scheme === 'https' ? 443 : 80;
  return `${scheme}://${host}${port === defaultPort ? '' : `:${port}`}${path}`;
}

type Outcome = Pick<HttpExchange, 'response' | 'bodyBytes' | 'bodyTruncated' | 'body' | 'problem' | 'detail'>;

/** One GET over a connected socket; resolves with what the server said, never rejects. */
function exchange(socket: Socket | TLSSocket, options: HttpRequestOptions, limits: HttpLimits): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    let head: HttpResponseHead | undefined;
    let bytes = 0;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    const partial = (): Outcome => (head ? { response: head, bodyBytes: bytes } : {});
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      request.destroy();
      socket.destroy();
      resolve({ ...outcome, ...(options.keepBody && head ? { body: Buffer.concat(kept).toString('latin1') } : {}) });
    };
    const onAbort = () => finish({ ...partial(), problem: 'aborted', detail: 'aborted' });
    let timer = setTimeout(
      () => finish({ problem: 'header_timeout', detail: `no complete response header within ${limits.headerMs} ms` }),
      limits.headerMs,
    );
    const request = http.request({
      createConnection: () => socket,
      method: 'GET',
      path: options.path,
      // Host as the name (RFC 9110 §7.2); no keep-alive: one request per connection.
      headers: { Host: options.host, 'User-Agent': USER_AGENT, Accept: '*/*', Connection: 'close' },
      maxHeaderSize: limits.maxHeaderBytes,
      // The parser rejects what HTTP/1.1 forbids; a lenient parse would hide a broken server.
      insecureHTTPParser: false,
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'HPE_HEADER_OVERFLOW')
        finish({ problem: 'header_too_large', detail: `response header larger than ${limits.maxHeaderBytes} bytes` });
      else if (/socket hang up|ECONNRESET|EPIPE/.test(`${error.code ?? ''} ${error.message}`))
        finish({ ...partial(), problem: 'closed', detail: error.message });
      else finish({ ...partial(), problem: 'protocol', detail: `${error.code ? `${error.code}: ` : ''}${error.message}` });
    });
    request.on('response', (response) => {
      const raw = response.rawHeaders;
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
      head = { status: response.statusCode ?? 0, headers };
      clearTimeout(timer);
      timer = setTimeout(
        () => finish({ ...partial(), problem: 'body_timeout', detail: `body not complete within ${limits.bodyMs} ms` }),
        limits.bodyMs,
      );
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (options.keepBody && keptBytes < limits.keepBodyBytes) {
          const piece = chunk.subarray(0, limits.keepBodyBytes - keptBytes);
          kept.push(piece);
          keptBytes += piece.length;
        }
        // Enough seen: the rest of a large page tells nothing more, so it is not downloaded.
        if (bytes >= limits.maxBodyBytes) finish({ ...partial(), bodyTruncated: true });
      });
      response.on('end', () => finish(partial()));
      response.on('aborted', () => finish({ ...partial(), problem: 'closed', detail: 'the response ended early' }));
      response.on('error', (error) => finish({ ...partial(), problem: 'protocol', detail: error.message }));
    });
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    request.end();
  });
}

/** One GET to one address of a host; every outcome is data. */
export async function httpGet(connect: ConnectFn, options: HttpRequestOptions): Promise<HttpExchange> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const port = options.port ?? (options.scheme === 'https' ? 443 : 80);
  const started = Date.now();
  const base = {
    url: urlOf(options.scheme, options.host, port, options.path),
    host: options.host,
    address: options.address,
    port,
    endpoint: formatEndpoint(options.address, port),
  };
  const done = (rest: Partial<HttpExchange>): HttpExchange => ({ ...base, ...rest, durationMs: Date.now() - started });
  let socket: Socket;
  try {
    socket = await connect({ host: options.host, address: options.address, port, timeoutMs: limits.connectMs, signal: options.signal });
  } catch (error) {
    return done({
      ...(error instanceof ConnectError ? { endpoint: error.endpoint } : {}),
      problem: connectProblem(error),
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const endpoint = formatEndpoint(socket.remoteAddress ?? options.address, socket.remotePort ?? port);
  if (options.scheme === 'http') return done({ endpoint, ...(await exchange(socket, options, limits)) });
  const handshake = await tlsHandshake(socket, {
    servername: options.host,
    extraCaPem: options.extraCaPem ?? [],
    timeoutMs: limits.handshakeMs,
    signal: options.signal,
  });
  if (!handshake.ok) {
    socket.destroy();
    const problem: HttpProblem =
      handshake.problem === 'timeout' ? 'tls_timeout' : handshake.problem === 'aborted' ? 'aborted' : 'tls_failed';
    return done({ endpoint, problem, detail: handshake.detail });
  }
  // An untrusted certificate is a finding, not a reason to stop: a browser user clicking through
  // would still see this answer.
  return done({ endpoint, tls: handshake.facts, ...(await exchange(handshake.socket, options, limits)) });
}

/** All values of a header field (names compared case-insensitively). */
export function headerValues(head: HttpResponseHead | undefined, name: string): string[] {
  const n = name.toLowerCase();
  return head?.headers.filter(([k]) => k === n).map(([, v]) => v) ?? [];
}
