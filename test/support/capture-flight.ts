/**
 * Sends a ClientHello over a plain loopback socket and returns every byte the server sent until
 * it went quiet: the real server flights the TLS parser tests and the fuzzing start from.
 */
import net from 'node:net';

export async function captureFlight(port: number, hello: Uint8Array, quietMs = 300): Promise<Buffer> {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    let timer = setTimeout(resolve, 2000);
    socket.on('data', (c) => {
      chunks.push(c);
      clearTimeout(timer);
      timer = setTimeout(resolve, quietMs);
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
    socket.write(hello);
  });
  socket.destroy();
  return Buffer.concat(chunks);
}
