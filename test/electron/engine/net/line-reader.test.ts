/**
 * The line reader's limits over a real loopback connection. An endless line must be named
 * "line_too_long" however the kernel hands over its bytes: a reader that falls behind (a loaded
 * machine) gets one large chunk that also crosses the total limit.
 */
import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { LineReader, StreamError } from '../../../../electron/engine/net/line-reader';

const LIMITS = { maxLineBytes: 2048, maxTotalBytes: 64 * 1024 };
const GREETING = '220 mail.example.test ESMTP\r\n';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

/** A server that writes `first`, then `rest` once told to; and the client socket, connected. */
async function pair(first: string): Promise<{ client: net.Socket; send: (data: Buffer | string) => Promise<void> }> {
  let peer: net.Socket | undefined;
  const server = net.createServer((socket) => {
    peer = socket;
    socket.on('error', () => {});
    socket.write(first);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  client.on('error', () => {});
  await once(client, 'connect');
  cleanup.push(() => {
    client.destroy();
    peer?.destroy();
    server.close();
  });
  return {
    client,
    send: (data) =>
      new Promise((resolve, reject) => {
        if (!peer) return reject(new Error('no peer yet'));
        peer.write(data, (error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function problemOf(read: Promise<string>): Promise<string> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StreamError);
  return (error as StreamError).problem;
}

describe('LineReader', () => {
  it('names an endless line "line_too_long" when it arrives in one chunk past the total limit', async () => {
    const { client, send } = await pair(GREETING);
    const reader = new LineReader(client, LIMITS);
    expect(await reader.readLine(2_000)).toBe(GREETING.trimEnd());
    // The reader falls behind: the whole endless line is in the kernel's buffer before it reads again.
    client.pause();
    await send(Buffer.alloc(LIMITS.maxTotalBytes + 4_000, 'x'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.resume();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await problemOf(reader.readLine(2_000))).toBe('line_too_long');
    expect(reader.pending).toBeLessThanOrEqual(LIMITS.maxTotalBytes);
  });

  it('names a flood of short lines "too_much_data", after delivering the complete lines it holds', async () => {
    const { client, send } = await pair(GREETING);
    const reader = new LineReader(client, LIMITS);
    expect(await reader.readLine(2_000)).toBe(GREETING.trimEnd());
    client.pause();
    await send('250-x\r\n'.repeat(Math.ceil((LIMITS.maxTotalBytes + 4_000) / 7)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.resume();
    await new Promise((resolve) => setTimeout(resolve, 200));
    let lines = 0;
    for (;;) {
      const line = await reader.readLine(2_000).catch((e: unknown) => e);
      if (line instanceof StreamError) {
        expect(line.problem).toBe('too_much_data');
        break;
      }
      expect(line).toBe('250-x');
      lines++;
    }
    expect(lines).toBeGreaterThan(1_000);
    expect(lines * 7 + GREETING.length).toBeLessThanOrEqual(LIMITS.maxTotalBytes);
  });

  it('names a line over the line limit "line_too_long" as soon as it is too long', async () => {
    const { client, send } = await pair(GREETING);
    const reader = new LineReader(client, LIMITS);
    expect(await reader.readLine(2_000)).toBe(GREETING.trimEnd());
    await send('y'.repeat(LIMITS.maxLineBytes + 1));
    expect(await problemOf(reader.readLine(2_000))).toBe('line_too_long');
  });
});
