/**
 * A safety net for the test suite: with MAILAUDIT_LOOPBACK_ONLY=1 (set by vitest.config.ts, and
 * inherited by the CLI subprocesses tests start) the engine refuses to open any socket to an
 * address outside this machine, so a test that forgets `--resolver` or a lab setting fails loudly
 * instead of touching a real network.
 */
import net from 'node:net';

export function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '');
  if (net.isIPv4(plain)) return plain.startsWith('127.');
  return net.isIPv6(plain) && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(plain);
}

export function assertDestinationAllowed(address: string): void {
  if (process.env.MAILAUDIT_LOOPBACK_ONLY === '1' && !isLoopbackAddress(address)) {
    throw new Error(`MAILAUDIT_LOOPBACK_ONLY is set: refusing to contact ${address}`);
  }
}
