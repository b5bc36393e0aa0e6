/**
 * A network where outbound port 25 is blocked, with real packets (issue 11, network readiness):
 * a network namespace joined to this one by a veth pair (a /30 of 10.203.0.0/16: host side .1,
 * namespace side .2), small TCP listeners inside it on 25, 465, 587, 993, 995 and 443, and an nftables
 * rule there that drops every TCP segment to port 25 — so a SYN to the namespace side on 25 goes unanswered,
 * exactly as on a guest network, while the other ports answer. Needs root, `ip` (iproute2) and
 * `nft` (nftables); `.ci/run` installs them and CI runs as root.
 *
 * The engine's test guard (MAILAUDIT_LOOPBACK_ONLY) refuses non-loopback addresses; the
 * namespace's address is this machine's own lab, so it is named in MAILAUDIT_LAB_ADDRESSES
 * (electron/engine/net/loopback-guard.ts), which CLI subprocesses inherit.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const BLOCKED_PORT = 25;
export const OPEN_PORTS = [465, 587, 993, 995, 443] as const;

export interface BlockedNetwork {
  /** the namespace's address: the reference host for every port */
  address: string;
  /** the namespace's name (for diagnostics) */
  namespace: string;
  close(): Promise<void>;
}

const TOOLS = ['/usr/sbin/ip', '/usr/sbin/nft'];

/** Why the blocked network cannot be built here, or undefined when it can. */
export function blockedNetworkUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'creating a network namespace needs root (CI runs as root)';
  const missing = TOOLS.filter((t) => !existsSync(t));
  if (missing.length > 0) return `${missing.join(', ')} missing: install iproute2 and nftables (.ci/run does)`;
  return undefined;
}

function run(args: string[], input?: string): void {
  execFileSync(args[0]!, args.slice(1), { stdio: ['pipe', 'ignore', 'pipe'], ...(input !== undefined ? { input } : {}) });
}

/** Listeners inside the namespace: accept, hold the connection a moment, close. Prints "ready" once bound. */
const LISTENERS = `
const net = require('node:net');
const ports = JSON.parse(process.argv[1]);
let bound = 0;
for (const port of ports) {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    if (port === 25) socket.write('220 blocked-network.test ESMTP\\r\\n');
    setTimeout(() => socket.destroy(), 2000);
  });
  server.listen(port, '0.0.0.0', () => {
    if (++bound === ports.length) console.log('ready');
  });
}
setInterval(() => {}, 60000);
`;

/**
 * Builds the network; `close()` (call it in afterAll) stops the listeners and deletes the namespace
 * and with it the veth pair. Throws when a step fails (after undoing what it did).
 */
export async function startBlockedNetwork(): Promise<BlockedNetwork> {
  const reason = blockedNetworkUnavailable();
  if (reason) throw new Error(reason);
  // One /30 of 10.203.0.0/16 and one namespace per test process (files run in parallel forks):
  // taken from the pid, so forks started together (adjacent pids) never share a subnet.
  const index = process.pid % 16384;
  const subnet = `10.203.${index >> 6}.${(index & 63) << 2}`;
  const host = (last: number) => subnet.replace(/\d+$/, (base) => String(Number(base) + last));
  const namespace = `mablk${process.pid}`;
  const hostIf = `mab${process.pid}h`.slice(0, 15);
  const nsIf = `mab${process.pid}n`.slice(0, 15);
  const address = host(2);
  const inNs = (...args: string[]) => run(['/usr/sbin/ip', 'netns', 'exec', namespace, ...args]);
  let listeners: ChildProcess | undefined;
  const cleanup = async () => {
    if (listeners && listeners.exitCode === null) {
      const exited = new Promise((resolve) => listeners!.once('exit', resolve));
      listeners.kill('SIGKILL');
      await exited;
    }
    for (const args of [
      ['/usr/sbin/ip', 'netns', 'del', namespace],
      ['/usr/sbin/ip', 'link', 'del', hostIf],
    ]) {
      try {
        run(args);
      } catch {
        // already gone (deleting the namespace deletes the pair)
      }
    }
  };
  try {
    await cleanup();
    run(['/usr/sbin/ip', 'netns', 'add', namespace]);
    run(['/usr/sbin/ip', 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    run(['/usr/sbin/ip', 'link', 'set', nsIf, 'netns', namespace]);
    run(['/usr/sbin/ip', 'addr', 'add', `${host(1)}/30`, 'dev', hostIf]);
    run(['/usr/sbin/ip', 'link', 'set', hostIf, 'up']);
    inNs('/usr/sbin/ip', 'addr', 'add', `${address}/30`, 'dev', nsIf);
    inNs('/usr/sbin/ip', 'link', 'set', nsIf, 'up');
    inNs('/usr/sbin/ip', 'link', 'set', 'lo', 'up');
    // The filter a guest network applies: SYNs to 25 vanish (no reset, no ICMP).
    inNs('/usr/sbin/nft', 'add', 'table', 'inet', 'mailaudit_lab');
    inNs('/usr/sbin/nft', 'add', 'chain', 'inet', 'mailaudit_lab', 'input', '{ type filter hook input priority 0 ; }');
    inNs('/usr/sbin/nft', 'add', 'rule', 'inet', 'mailaudit_lab', 'input', 'tcp', 'dport', String(BLOCKED_PORT), 'drop');

    const child = spawn(
      '/usr/sbin/ip',
      ['netns', 'exec', namespace, process.execPath, '-e', LISTENERS, JSON.stringify([BLOCKED_PORT, ...OPEN_PORTS])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    listeners = child;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`listeners in ${namespace} did not start: ${stderr}`)), 15_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`listeners in ${namespace} exited (${code}): ${stderr}`));
      });
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const allowed = new Set((process.env.MAILAUDIT_LAB_ADDRESSES ?? '').split(',').filter(Boolean));
  allowed.add(address);
  process.env.MAILAUDIT_LAB_ADDRESSES = [...allowed].join(',');
  return {
    address,
    namespace,
    close: async () => {
      await cleanup();
      const rest = (process.env.MAILAUDIT_LAB_ADDRESSES ?? '').split(',').filter((a) => a && a !== address);
      if (rest.length > 0) process.env.MAILAUDIT_LAB_ADDRESSES = rest.join(',');
      else delete process.env.MAILAUDIT_LAB_ADDRESSES;
    },
  };
}
