/**
 * Bounded line reading for the text protocols spoken before TLS (SMTP now, IMAP and POP3 later).
 * Every read has a deadline, a line has a maximum length and a conversation a maximum size, so a
 * server that stalls, sends an endless line or floods us ends as a typed StreamError, never a hang.
 * `detach()` hands the socket over (paused, no listeners left) for a TLS handshake to follow.
 */
import type { Socket } from 'node:net';

export type StreamProblem =
  /** no complete line within the deadline */
  | 'timeout'
  /** data kept coming, but the reply it belongs to was not complete within the deadline */
  | 'too_slow'
  /** the server closed the connection (FIN) */
  | 'closed'
  /** the connection was reset */
  | 'reset'
  /** a line longer than the limit */
  | 'line_too_long'
  /** more data than a conversation of this kind can need */
  | 'too_much_data'
  /** the bytes are not the protocol (not a reply line, binary data) */
  | 'malformed'
  | 'aborted';

export class StreamError extends Error {
  constructor(
    readonly problem: StreamProblem,
    detail: string,
  ) {
    super(detail);
    this.name = 'StreamError';
  }
}

export interface LineReaderLimits {
  /** longest accepted line in bytes, CRLF included */
  maxLineBytes: number;
  /** most bytes read over the whole conversation */
  maxTotalBytes: number;
}

interface Waiter {
  resolve: (line: string) => void;
  reject: (error: StreamError) => void;
  timer: NodeJS.Timeout;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class LineReader {
  private buffer: Buffer = Buffer.alloc(0);
  private total = 0;
  private failure: StreamError | undefined;
  private waiter: Waiter | undefined;
  private detached = false;
  private readonly onData = (chunk: Buffer) => this.data(chunk);
  private readonly onEnd = () => this.fail(new StreamError('closed', 'the server closed the connection'));
  private readonly onClose = () => this.fail(new StreamError('closed', 'the connection was closed'));
  private readonly onError = (error: NodeJS.ErrnoException) =>
    this.fail(
      new StreamError(
        error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 'reset' : 'closed',
        `${error.code ?? 'error'}: ${error.message}`,
      ),
    );

  constructor(
    readonly socket: Socket,
    readonly limits: LineReaderLimits,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
  }

  get bytesRead(): number {
    return this.total;
  }

  /** bytes received and not yet read as lines */
  get pending(): number {
    return this.buffer.length;
  }

  /** Next line without its line ending (CRLF, or a bare LF as lenient servers send). */
  readLine(timeoutMs: number, signal?: AbortSignal): Promise<string> {
    if (this.detached) return Promise.reject(new StreamError('aborted', 'reader detached'));
    if (this.waiter) return Promise.reject(new Error('LineReader: one read at a time'));
    const ready = this.takeLine();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.buffer.length > this.limits.maxLineBytes)
      this.fail(new StreamError('line_too_long', `a line longer than ${this.limits.maxLineBytes} bytes`));
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(new StreamError('aborted', 'aborted'));
    return new Promise((resolve, reject) => {
      const onAbort = () => this.settle(new StreamError('aborted', 'aborted'));
      const timer = setTimeout(() => this.settle(new StreamError('timeout', `no complete line within ${timeoutMs} ms`)), timeoutMs);
      this.waiter = { resolve, reject, timer, signal, onAbort };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  write(text: string): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(text);
  }

  /**
   * Stops reading and removes every listener; the socket is left paused for whoever takes it
   * over. Returns bytes that arrived after the last line read (they should be none: RFC 3207 §5
   * forbids data between the 220 reply to STARTTLS and the TLS handshake).
   */
  detach(): Buffer {
    this.socket.pause();
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onClose);
    this.socket.off('error', this.onError);
    this.detached = true;
    this.settle(new StreamError('aborted', 'reader detached'));
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  private takeLine(): string | undefined {
    const nl = this.buffer.indexOf(0x0a);
    if (nl < 0) return undefined;
    const end = nl > 0 && this.buffer[nl - 1] === 0x0d ? nl - 1 : nl;
    const line = this.buffer.subarray(0, end).toString('utf8');
    this.buffer = this.buffer.subarray(nl + 1);
    return line;
  }

  private data(chunk: Buffer): void {
    // Only what fits under the total limit is kept: a flood is never buffered whole.
    const room = Math.max(0, this.limits.maxTotalBytes - this.total);
    this.total += chunk.length;
    const overflow = chunk.length > room;
    const kept = overflow ? chunk.subarray(0, room) : chunk;
    if (kept.length > 0) this.buffer = this.buffer.length ? Buffer.concat([this.buffer, kept]) : kept;
    if (this.waiter && !overflow) {
      const line = this.takeLine();
      if (line !== undefined) {
        this.settle(line);
        return;
      }
    }
    // The first line in the buffer is still open: cap its length (the rest waits for its read).
    // When the total limit is reached too, an endless last line is still named as what it is,
    // however the bytes were split into chunks (a slow reader gets them in one).
    const first = this.buffer.indexOf(0x0a);
    const firstLength = first < 0 ? this.buffer.length : first + 1;
    const lastOpen = this.buffer.length - (this.buffer.lastIndexOf(0x0a) + 1);
    if (firstLength > this.limits.maxLineBytes || (overflow && lastOpen > this.limits.maxLineBytes))
      this.fail(new StreamError('line_too_long', `a line longer than ${this.limits.maxLineBytes} bytes`));
    else if (overflow) this.fail(new StreamError('too_much_data', `more than ${this.limits.maxTotalBytes} bytes received`));
  }

  private fail(error: StreamError): void {
    if (this.failure || this.detached) return;
    this.failure = error;
    // An over-long or flooding stream will not become useful: stop reading it.
    if (error.problem === 'too_much_data' || error.problem === 'line_too_long') this.socket.pause();
    if (this.waiter) {
      // Complete lines already received are still delivered first.
      const line = this.takeLine();
      this.settle(line ?? error);
    }
  }

  private settle(outcome: string | StreamError): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.signal?.removeEventListener('abort', w.onAbort);
    if (typeof outcome === 'string') w.resolve(outcome);
    else w.reject(outcome);
  }
}
