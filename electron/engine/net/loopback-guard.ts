/**
 * A safety net for the test suite: with MAILAUDIT_LOOPBACK_ONLY=1 (set by vitest.config.ts, and
 * inherited by the CLI subprocesses tests start) the engine refuses to open any socket to an
 * address outside this machine, so a test that forgets `--resolver` or a lab setting fails loudly
 * instead of touching a real network. MAILAUDIT_LAB_ADDRESSES (comma-separated) names the few
 * addresses of a lab network namespace on this machine that count as local too (the blocked-port
 * network of test/support/blocked-network.ts).
 */
import net from 'node:net';

export function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '');
  if (net.isIPv4(plain)) return plain.startsWith('127.');
  return net.isIPv6(plain) && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(plain);
}

function labAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, '');
  return (process.env.MAILAUDIT_LAB_ADDRESSES ?? '').split(',').some((a) => a.trim() !== '' && a.trim() === plain);
}

export function assertDestinationAllowed(address: string): void {
  if (process.env.MAILAUDIT_LOOPBACK_ONLY === '1' && !isLoopbackAddress(address) && !labAddress(address)) {
    throw new Error(`MAILAUDIT_LOOPBACK_ONLY is set: refusing to contact ${address}`);
  }
}
