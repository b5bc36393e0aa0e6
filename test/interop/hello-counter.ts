/**
 * A TCP relay on loopback that counts, on the wire, what a scanner costs a server: TCP connections
 * and ClientHello messages (handshakes). Both scanners of the benchmark and the agreement test go
 * through one, so their numbers come from the same instrument rather than from each tool's own
 * bookkeeping.
 *
 * Client bytes are read as text lines (SMTP before STARTTLS, RFC 3207) until a line starts with a
 * TLS record (content type 22, RFC 8446 §5.1) or an SSL 2.0 record header (high bit set, RFC 6101
 * Appendix E.1 / draft-hickman-netscape-ssl-00); from there records are counted until the client's
 * first ChangeCipherSpec or application data, after which handshake records are encrypted.
 */
import { countingProxy } from '../lab/testssl';

const CONTENT_HANDSHAKE = 22;
const CLIENT_HELLO = 1;

/** Per-connection parser of the client's bytes: counts ClientHello messages in the clear. */
export class ClientHelloCounter {
  hellos = 0;
  private mode: 'text' | 'tls' | 'done' = 'text';
  private buffer: Buffer = Buffer.alloc(0);
  private atLineStart = true;
  /** bytes of a record already counted that are still to come */
  private skip = 0;

  push(chunk: Buffer): void {
    if (this.mode === 'done') return;
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      this.skip -= n;
      chunk = chunk.subarray(n);
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const first = this.buffer[0];
      if (first === undefined) return;
      if (this.mode === 'text') {
        if (this.atLineStart && (first === CONTENT_HANDSHAKE || first >= 0x80)) {
          this.mode = 'tls';
          continue;
        }
        const nl = this.buffer.indexOf(0x0a);
        this.atLineStart = nl >= 0;
        this.buffer = nl >= 0 ? this.buffer.subarray(nl + 1) : Buffer.alloc(0);
        continue;
      }
      let size: number;
      if (first >= 0x80) {
        // SSL 2.0 two-byte header: length in the low 15 bits, then the message type (1 = CLIENT-HELLO).
        if (this.buffer.length < 3) return;
        if (this.buffer[2] === CLIENT_HELLO) this.hellos++;
        size = 2 + (((first & 0x7f) << 8) | this.buffer[1]!);
      } else {
        // After ChangeCipherSpec or application data the client's handshake records are encrypted.
        if (first !== CONTENT_HANDSHAKE) {
          this.mode = 'done';
          return;
        }
        if (this.buffer.length < 6) return;
        if (this.buffer[5] === CLIENT_HELLO) this.hellos++;
        size = 5 + this.buffer.readUInt16BE(3);
      }
      if (this.buffer.length < size) {
        this.skip = size - this.buffer.length;
        this.buffer = Buffer.alloc(0);
        return;
      }
      this.buffer = this.buffer.subarray(size);
    }
  }
}

export interface HelloCountingRelay {
  host: string;
  port: number;
  /** TCP connections accepted */
  readonly connections: number;
  /** ClientHello messages seen, over all connections */
  readonly handshakes: number;
  reset(): void;
  close(): Promise<void>;
}

/** Relays `listenHost:<free port>` to `targetHost:targetPort`, counting connections and ClientHellos. */
export async function helloCountingRelay(targetHost: string, targetPort: number, listenHost?: string): Promise<HelloCountingRelay> {
  const counters = new Set<ClientHelloCounter>();
  let finished = 0;
  const proxy = await countingProxy(targetHost, targetPort, listenHost, (client) => {
    const counter = new ClientHelloCounter();
    counters.add(counter);
    client.on('close', () => {
      finished += counter.hellos;
      counters.delete(counter);
    });
    client.on('data', (chunk: Buffer) => counter.push(chunk));
  });
  return {
    host: proxy.host,
    port: proxy.port,
    get connections() {
      return proxy.connections;
    },
    get handshakes() {
      let open = 0;
      for (const c of counters) open += c.hellos;
      return finished + open;
    },
    reset() {
      proxy.reset();
      finished = 0;
      for (const c of counters) c.hellos = 0;
    },
    close: () => proxy.close(),
  };
}
