/**
 * A TCP server on loopback that plays a script per connection — for protocol misbehaviour no
 * real server would show on purpose (endless lines, garbage, resets, stalls).
 */
import net from 'node:net';

export interface ScriptIo {
  send(text: string | Buffer): void;
  /** next line from the client (without CRLF) */
  line(): Promise<string>;
  socket: net.Socket;
}

export interface ScriptedServer {
  port: number;
  /** every line the clients sent, in order */
  heard: string[];
  close(): Promise<void>;
}

export async function scriptedServer(script: (io: ScriptIo) => Promise<void> | void, host = '127.0.0.1'): Promise<ScriptedServer> {
  const heard: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    const waiting: ((l: string) => void)[] = [];
    const lines: string[] = [];
    socket.on('data', (d) => {
      buffer += d.toString('latin1');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const l = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        heard.push(l);
        const w = waiting.shift();
        if (w) w(l);
        else lines.push(l);
      }
    });
    const io: ScriptIo = {
      send: (t) => {
        if (!socket.destroyed) socket.write(t);
      },
      line: () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise((r) => waiting.push(r))),
      socket,
    };
    Promise.resolve()
      .then(() => script(io))
      .catch(() => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    port: (server.address() as net.AddressInfo).port,
    heard,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Greeting and an EHLO reply with the given extensions; returns after sending the EHLO reply. */
export async function greetAndEhlo(io: ScriptIo, extensions: string[], hostname = 'mx.firma.test'): Promise<void> {
  io.send(`220-${hostname} ESMTP\r\n220 second greeting line\r\n`);
  await io.line();
  const lines = [hostname, ...extensions];
  io.send(lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join(''));
}
