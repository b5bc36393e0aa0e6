/**
 * One probe handshake over a stream: write our ClientHello, read the server's first flight, hang
 * up. Records are reassembled across reads and handshake messages across records (RFC 5246 §6.2.1,
 * RFC 8446 §5.1). Every way a server can misbehave — silence, reset, garbage, an endless or oversized
 * record, a truncated message — ends as a typed HandshakeResult, never a thrown error or a hang.
 */
import type { Duplex } from 'node:stream';
import { handshakeTypeName, VERSION_CODES } from '../../../../shared/tls/protocol';
import { DecodeError } from './bytes';
import { CONTENT_TYPE, HANDSHAKE, MAX_PLAINTEXT } from './client-hello';
import {
  parseAlert,
  parseCertificateList,
  parseServerHello,
  parseServerKeyExchange,
  type Alert,
  type ServerHello,
  type ServerKeyExchange,
} from './messages';

export type MalformedReason =
  | 'not_tls'
  | 'sslv2'
  | 'bad_record'
  | 'record_overflow'
  | 'too_large'
  | 'handshake_too_large'
  | 'unexpected_message'
  | 'unexpected_record'
  | 'bad_server_hello'
  | 'bad_alert'
  | 'truncated'
  | 'parser_error';

export interface FlightProblem {
  reason:
    | 'bad_certificate'
    | 'bad_server_key_exchange'
    | 'unexpected_message'
    | 'alert'
    | 'closed'
    | 'reset'
    | 'timeout'
    | 'too_large'
    | 'bad_record'
    | 'network_error';
  detail?: string;
}

export type HandshakeResult =
  | {
      kind: 'server_hello';
      serverHello: ServerHello;
      /** TLS ≤ 1.2 with `until: 'flight'`: the chain as sent, leaf first */
      certificates?: Uint8Array[];
      keyExchange?: ServerKeyExchange;
      /** TLS ≤ 1.2: ServerHelloDone arrived */
      flightComplete: boolean;
      /** why the flight ended early, when it did */
      flightProblem?: FlightProblem;
    }
  | { kind: 'hello_retry_request'; serverHello: ServerHello }
  | { kind: 'alert'; alert: Alert }
  | { kind: 'closed' }
  | { kind: 'reset' }
  | { kind: 'timeout'; bytesReceived: number }
  | { kind: 'malformed'; reason: MalformedReason; detail: string }
  | { kind: 'network_error'; code: string; message: string }
  | { kind: 'open_failed'; error: { name: string; message: string; code?: string } }
  | { kind: 'aborted' };

export interface ExchangeOptions {
  /** stop at the ServerHello, or read the TLS ≤ 1.2 flight up to ServerHelloDone */
  until: 'server_hello' | 'flight';
  timeoutMs: number;
  /** total bytes accepted from the server */
  maxBytes: number;
  signal?: AbortSignal;
}

/** RFC 5246 §6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes. */
const MAX_RECORD = MAX_PLAINTEXT + 2048;
/** Largest handshake message we reassemble (certificate chains are far smaller in practice). */
export const MAX_HANDSHAKE_MESSAGE = 1 << 18;

/** Byte queue that copies each byte at most twice, whatever the read sizes (no quadratic concat). */
class ChunkQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.length += chunk.length;
  }

  /** The first n bytes (n ≤ length) as one buffer, without consuming them. */
  peek(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    let first = this.chunks[0]!;
    if (first.length < n) {
      let have = 0;
      let count = 0;
      while (have < n) have += this.chunks[count++]!.length;
      first = Buffer.concat(this.chunks.slice(0, count));
      this.chunks.splice(0, count, first);
    }
    return first.subarray(0, n);
  }

  take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const out = this.peek(n);
    const first = this.chunks[0]!;
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.length -= n;
    return out;
  }
}

type Step = HandshakeResult | undefined;

/** Incremental reader of the server's first flight. `push` returns a result once one is decided. */
export class ServerFlightReader {
  private readonly records = new ChunkQueue();
  private readonly handshake = new ChunkQueue();
  private received = 0;
  private sawRecord = false;
  private hello: ServerHello | undefined;
  private certificates: Uint8Array[] | undefined;
  private keyExchange: ServerKeyExchange | undefined;

  constructor(
    private readonly until: 'server_hello' | 'flight',
    private readonly maxBytes: number,
  ) {}

  get bytesReceived(): number {
    return this.received;
  }

  push(chunk: Uint8Array): Step {
    this.received += chunk.length;
    this.records.push(chunk);
    for (;;) {
      if (this.records.length < 5) break;
      const header = this.records.peek(5);
      const type = header[0]!;
      if (!this.sawRecord) {
        const odd = this.notTls(header);
        if (odd) return odd;
      }
      if (type < CONTENT_TYPE.changeCipherSpec || type > CONTENT_TYPE.heartbeat || header[1] !== 3 || header[2]! > 4) {
        return this.fail('bad_record', `record header ${header.toString('hex')}`);
      }
      const length = header.readUInt16BE(3);
      if (length > MAX_RECORD) return this.fail('record_overflow', `record of ${length} bytes (at most ${MAX_RECORD})`);
      if (this.records.length < 5 + length) break;
      this.sawRecord = true;
      this.records.take(5);
      const step = this.onRecord(type, this.records.take(length));
      if (step) return step;
    }
    // Checked after parsing, so a flight that completes within the budget is never refused.
    if (this.received > this.maxBytes) return this.fail('too_large', `more than ${this.maxBytes} bytes without a complete answer`);
    return undefined;
  }

  /** The stream ended (closed, reset or timed out) before a result was decided. */
  end(cause: 'closed' | 'reset' | 'timeout'): HandshakeResult {
    if (this.hello) return this.flightResult(false, { reason: cause });
    if (cause === 'timeout') return { kind: 'timeout', bytesReceived: this.received };
    if (this.received > 0) {
      const pending =
        this.records.length > 0
          ? `${this.records.length} bytes of an incomplete record`
          : `${this.handshake.length} bytes of an incomplete handshake message`;
      return {
        kind: 'malformed',
        reason: 'truncated',
        detail: `connection ${cause === 'reset' ? 'reset' : 'closed'} after ${this.received} bytes, ${pending}`,
      };
    }
    return { kind: cause };
  }

  private notTls(header: Buffer): Step {
    const type = header[0]!;
    if (type >= CONTENT_TYPE.changeCipherSpec && type <= CONTENT_TYPE.heartbeat) return undefined;
    // SSL 2.0 (draft-hickman-netscape-ssl-00): 2-byte header with the high bit set, then SERVER-HELLO (4).
    if (type & 0x80 && header[2] === 4) return this.fail('sslv2', 'the server answered with an SSL 2.0 SERVER-HELLO');
    const text = header.toString('latin1');
    if (/^[\x20-\x7e\r\n]{5}$/.test(text)) {
      const sample = this.records
        .peek(Math.min(this.records.length, 80))
        .toString('latin1')
        .replace(/[^\x20-\x7e]/g, '.');
      return this.fail('not_tls', `plain text instead of TLS: "${sample}"`);
    }
    return undefined;
  }

  private fail(reason: MalformedReason, detail: string): HandshakeResult {
    // After the ServerHello, keep what we learned and report why the flight stopped.
    if (
      this.hello &&
      (reason === 'too_large' || reason === 'bad_record' || reason === 'record_overflow' || reason === 'handshake_too_large')
    ) {
      return this.flightResult(false, {
        reason: reason === 'too_large' || reason === 'handshake_too_large' ? 'too_large' : 'bad_record',
        detail,
      });
    }
    return { kind: 'malformed', reason, detail };
  }

  private onRecord(type: number, fragment: Buffer): Step {
    if (type === CONTENT_TYPE.handshake) {
      this.handshake.push(fragment);
      return this.drainHandshake();
    }
    // RFC 8446 §5.1: other records must not interleave with a fragmented handshake message.
    if (this.handshake.length > 0) return this.fail('unexpected_record', `record type ${type} inside a fragmented handshake message`);
    if (type === CONTENT_TYPE.alert) {
      let alert: Alert;
      try {
        alert = parseAlert(fragment);
      } catch (e) {
        return this.fail('bad_alert', (e as Error).message);
      }
      // A warning other than close_notify (e.g. unrecognized_name, RFC 6066 §3) lets the handshake go on.
      if (alert.level === 1 && alert.description !== 0) return undefined;
      if (this.hello) return this.flightResult(false, { reason: 'alert', detail: alert.name });
      return { kind: 'alert', alert };
    }
    if (!this.hello) return this.fail('unexpected_record', `record type ${type} before the ServerHello`);
    // After a ServerHello only TLS ≤ 1.2 flights are read, and those carry nothing but handshake records.
    return this.flightResult(false, { reason: 'unexpected_message', detail: `record type ${type}` });
  }

  private drainHandshake(): Step {
    while (this.handshake.length >= 4) {
      const header = this.handshake.peek(4);
      const length = header.readUIntBE(1, 3);
      if (length > MAX_HANDSHAKE_MESSAGE) return this.fail('handshake_too_large', `${handshakeTypeName(header[0]!)} of ${length} bytes`);
      if (this.handshake.length < 4 + length) return undefined;
      const msgType = this.handshake.take(4)[0]!;
      const step = this.onMessage(msgType, this.handshake.take(length));
      if (step) return step;
    }
    return undefined;
  }

  private onMessage(type: number, body: Buffer): Step {
    if (!this.hello) {
      // RFC 5246 §7.4.1.1: a HelloRequest may arrive at any time and is ignored while negotiating.
      if (type === 0 && body.length === 0) return undefined;
      if (type !== HANDSHAKE.serverHello) return this.fail('unexpected_message', `${handshakeTypeName(type)} before the ServerHello`);
      let hello: ServerHello;
      try {
        hello = parseServerHello(body);
      } catch (e) {
        return this.fail('bad_server_hello', e instanceof DecodeError ? e.message : String(e));
      }
      if (hello.helloRetryRequest) return { kind: 'hello_retry_request', serverHello: hello };
      this.hello = hello;
      // TLS 1.3: everything after the ServerHello is encrypted.
      if (this.until === 'server_hello' || hello.version >= VERSION_CODES['TLSv1.3'])
        return this.flightResult(this.until === 'server_hello');
      return undefined;
    }
    try {
      switch (type) {
        case HANDSHAKE.certificate:
          this.certificates = parseCertificateList(body);
          return undefined;
        case HANDSHAKE.serverKeyExchange:
          this.keyExchange = parseServerKeyExchange(body, this.hello.cipherSuite, this.hello.version);
          return undefined;
        case HANDSHAKE.certificateRequest:
        case HANDSHAKE.certificateStatus:
          return undefined;
        case HANDSHAKE.serverHelloDone:
          return this.flightResult(true);
        default:
          return this.flightResult(false, { reason: 'unexpected_message', detail: handshakeTypeName(type) });
      }
    } catch (e) {
      const reason = type === HANDSHAKE.certificate ? 'bad_certificate' : 'bad_server_key_exchange';
      return this.flightResult(false, { reason, detail: e instanceof Error ? e.message : String(e) });
    }
  }

  private flightResult(complete: boolean, problem?: FlightProblem): HandshakeResult {
    return {
      kind: 'server_hello',
      serverHello: this.hello!,
      ...(this.certificates ? { certificates: this.certificates } : {}),
      ...(this.keyExchange ? { keyExchange: this.keyExchange } : {}),
      flightComplete: complete,
      ...(problem ? { flightProblem: problem } : {}),
    };
  }
}

/**
 * Writes `hello` to `stream`, reads until a result is decided, then destroys the stream. Resolves
 * exactly once; never rejects.
 */
export function exchangeHello(stream: Duplex, hello: Uint8Array, options: ExchangeOptions): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const reader = new ServerFlightReader(options.until, options.maxBytes);
    let settled = false;
    const finish = (result: HandshakeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      // Errors after we are done (e.g. a reset while closing) must not become unhandled.
      stream.off('error', onError);
      stream.on('error', () => {});
      stream.destroy();
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      let step: HandshakeResult | undefined;
      try {
        step = reader.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
      } catch (error) {
        // A bug of ours must not escape into the socket's event handler.
        step = { kind: 'malformed', reason: 'parser_error', detail: error instanceof Error ? error.message : String(error) };
      }
      if (step) finish(step);
    };
    const onEnd = () => finish(reader.end('closed'));
    const onClose = () => finish(reader.end('closed'));
    const onError = (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.name;
      if (code === 'ECONNRESET') finish(reader.end('reset'));
      else if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END') finish(reader.end('closed'));
      else finish(reader.bytesReceived > 0 ? reader.end('closed') : { kind: 'network_error', code, message: error.message });
    };
    const onAbort = () => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish(reader.end('timeout')), options.timeoutMs);

    if (options.signal?.aborted) return finish({ kind: 'aborted' });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('error', onError);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onClose);
    // A stream handed over paused (the SMTP layer after STARTTLS) does not flow just because a 'data' listener was added.
    stream.resume();
    if (stream.destroyed || !stream.writable) return finish(reader.end('closed'));
    stream.write(hello);
  });
}
