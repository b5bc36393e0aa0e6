/**
 * A probe session against one server address: obtains a fresh stream from `open` for every
 * ClientHello (the caller does TCP and any STARTTLS), bounds concurrency and time, counts
 * connections and handshakes, and stops for good after the first failed `open` (so a server that
 * starts refusing us — rate limit, 421 — is not hammered) or when the handshake budget is spent.
 */
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { TlsProbeInterruption, TlsProbeStats } from '../../../../shared/tls/profile';
import { DEFAULT_MAX_SUITES_PER_HELLO } from './candidates';
import { buildClientHello, type ClientHelloSpec } from './client-hello';
import { exchangeHello, type HandshakeResult } from './handshake';
import { KeyShareCache } from './key-shares';

/**
 * Returns a connected stream on which the next bytes we write are a ClientHello (for STARTTLS, after
 * the server's "ready to start TLS" reply). `signal` aborts when the prober gives up waiting.
 */
export type TlsStreamOpener = (signal: AbortSignal) => Promise<Duplex>;

export interface TlsProbeOptions {
  /** SNI host name (the MX name); IP literals are not sent */
  serverName?: string;
  /** streams open at the same time, default 1 */
  maxConcurrent?: number;
  /** time allowed for `open`, default 15 s */
  openTimeoutMs?: number;
  /** time from ClientHello to a decided answer, default 10 s */
  handshakeTimeoutMs?: number;
  /** cipher suites per ClientHello, default 127 */
  maxSuitesPerHello?: number;
  /** bytes accepted per handshake, default 512 KiB */
  maxBytesPerHandshake?: number;
  /** handshakes allowed in this session, default 1500 (a server that accepts anything cannot make us loop on) */
  maxHandshakes?: number;
  signal?: AbortSignal;
  /** called after every handshake (logging, progress) */
  onHandshake?: (event: { spec: ClientHelloSpec; result: HandshakeResult; durationMs: number }) => void;
}

export const DEFAULT_OPEN_TIMEOUT_MS = 15_000;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 512 * 1024;
export const DEFAULT_MAX_HANDSHAKES = 1500;

export interface StatsSnapshot {
  connections: number;
  openFailures: number;
  handshakes: number;
  at: number;
}

/**
 * Error fields that survive JSON. `code` is the opener's own classification when it has one
 * (ConnectError.problem such as `rate_limited`, or a `kind`), else the OS error code.
 */
export function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (error instanceof Error) {
    const e = error as Error & { code?: unknown; kind?: unknown; problem?: unknown };
    const code = [e.problem, e.kind, e.code].find((c): c is string => typeof c === 'string');
    return { name: e.name, message: e.message, ...(code ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

export class TlsProbeSession {
  readonly serverName: string | undefined;
  readonly maxConcurrent: number;
  readonly maxSuitesPerHello: number;
  readonly signal: AbortSignal;
  readonly keys = new KeyShareCache();
  private readonly openTimeoutMs: number;
  private readonly handshakeTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxHandshakes: number;
  private readonly onHandshake: TlsProbeOptions['onHandshake'];
  private readonly counters = { connections: 0, openFailures: 0, handshakes: 0 };
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** set by the first failed `open`; every later handshake returns it without connecting */
  interruption: TlsProbeInterruption | undefined;

  constructor(
    private readonly open: TlsStreamOpener,
    options: TlsProbeOptions = {},
  ) {
    this.serverName = options.serverName;
    this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent ?? 1));
    this.maxSuitesPerHello = Math.max(2, Math.floor(options.maxSuitesPerHello ?? DEFAULT_MAX_SUITES_PER_HELLO));
    this.signal = options.signal ?? new AbortController().signal;
    this.openTimeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    this.maxBytes = options.maxBytesPerHandshake ?? DEFAULT_MAX_BYTES;
    this.maxHandshakes = options.maxHandshakes ?? DEFAULT_MAX_HANDSHAKES;
    this.onHandshake = options.onHandshake;
  }

  snapshot(): StatsSnapshot {
    return { ...this.counters, at: performance.now() };
  }

  statsSince(start: StatsSnapshot): TlsProbeStats {
    return {
      connections: this.counters.connections - start.connections,
      openFailures: this.counters.openFailures - start.openFailures,
      handshakes: this.counters.handshakes - start.handshakes,
      durationMs: Math.round(performance.now() - start.at),
    };
  }

  /** Rejects with the abort reason once the session's signal fired; steps call it between handshakes. */
  throwIfAborted(): void {
    this.signal.throwIfAborted();
  }

  /** Runs `tasks` with at most `maxConcurrent` in flight; each task starts only when a slot is free. */
  async pool(tasks: readonly (() => Promise<void>)[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) await tasks[next++]!();
    };
    await Promise.all(Array.from({ length: Math.min(this.maxConcurrent, tasks.length) }, worker));
  }

  /** One ClientHello on a fresh stream. Never rejects. */
  async handshake(spec: ClientHelloSpec, until: 'server_hello' | 'flight'): Promise<HandshakeResult> {
    if (this.signal.aborted) return { kind: 'aborted' };
    await this.acquire();
    try {
      if (this.signal.aborted) return { kind: 'aborted' };
      if (this.interruption) return { kind: 'open_failed', error: this.interruption.error };
      if (this.counters.handshakes >= this.maxHandshakes) {
        const error = { name: 'BudgetExceeded', message: `more than ${this.maxHandshakes} handshakes`, code: 'handshake_budget' };
        this.interruption = { reason: 'budget_exhausted', error };
        return { kind: 'open_failed', error };
      }
      const hello = buildClientHello(
        { ...spec, ...(this.serverName && !spec.serverName ? { serverName: this.serverName } : {}) },
        this.keys,
      );
      const started = performance.now();
      const stream = await this.openStream();
      if (!('write' in stream)) return stream;
      this.counters.connections++;
      this.counters.handshakes++;
      const result = await exchangeHello(stream, hello.bytes, {
        until,
        timeoutMs: this.handshakeTimeoutMs,
        maxBytes: this.maxBytes,
        signal: this.signal,
      });
      this.onHandshake?.({ spec, result, durationMs: performance.now() - started });
      return result;
    } finally {
      this.release();
    }
  }

  private async openStream(): Promise<Duplex | HandshakeResult> {
    const controller = new AbortController();
    let resolveAborted!: (v: 'aborted') => void;
    const aborted = new Promise<'aborted'>((resolve) => (resolveAborted = resolve));
    const onAbort = () => {
      controller.abort(this.signal.reason);
      resolveAborted('aborted');
    };
    if (this.signal.aborted) onAbort();
    else this.signal.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.openTimeoutMs);
    });
    const opening = Promise.resolve().then(() => this.open(controller.signal));
    try {
      const outcome = await Promise.race([opening, timedOut, aborted]);
      if (outcome === 'aborted') {
        lateDestroy(opening);
        return { kind: 'aborted' };
      }
      if (outcome === 'timeout') {
        controller.abort(new Error('open timed out'));
        lateDestroy(opening);
        return this.openFailed({ name: 'TimeoutError', message: `no stream within ${this.openTimeoutMs} ms`, code: 'timeout' });
      }
      return outcome;
    } catch (error) {
      if (this.signal.aborted) return { kind: 'aborted' };
      return this.openFailed(describeError(error));
    } finally {
      clearTimeout(timer);
      this.signal.removeEventListener('abort', onAbort);
    }
  }

  private openFailed(error: { name: string; message: string; code?: string }): HandshakeResult {
    this.counters.openFailures++;
    this.interruption ??= { reason: 'open_failed', error };
    return { kind: 'open_failed', error };
  }

  private async acquire(): Promise<void> {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** A stream that arrives after we gave up is closed at once. */
function lateDestroy(opening: Promise<Duplex>): void {
  opening.then(
    (stream) => stream.destroy(),
    () => {},
  );
}
