/**
 * The client-access check run on one host against a real peer (Dovecot, Postfix) whose standard
 * ports are mapped to its high ports, and `openssl s_client`'s view of the same ports.
 */
import { accessHostsSpec } from '../../electron/engine/checks/access-hosts/spec';
import { clientAccessCheck } from '../../electron/engine/checks/client-access/check';
import { Connector, parseConnectTo } from '../../electron/engine/net/connect';
import { OPENSSL, run } from '../lab/openssl-peer';
import { checkContext, runCheck } from './check-context';
import { FakeDns } from './fake-dns';

/** `name` (mail.<domain>) at `address`, its ports reached through `connectTo` rules, the lab CA trusted. */
export async function assessClientAccess(name: string, address: string, connectTo: string[], caPem: string) {
  const connector = new Connector({ connectTo: connectTo.map(parseConnectTo) });
  const hosts = [{ name, addresses: [address], sources: [{ kind: 'mx' as const }], srv: [], microsoft: false }];
  const { ctx } = checkContext(
    clientAccessCheck,
    new FakeDns({}),
    { domain: name.slice(5) },
    {
      connector,
      results: new Map([[accessHostsSpec, { hosts, autodiscoverExchangeOnline: false }]]),
      settings: { extraCaPem: [caPem] },
    },
  );
  return runCheck(clientAccessCheck, ctx);
}

/** `openssl s_client` on an implicit-TLS port or after STARTTLS: the protocol of the session it made, and the verify code. */
export async function sClient(
  target: { host: string; port: number; servername: string; caFile: string },
  options: { starttls?: 'imap' | 'pop3' | 'smtp'; version?: string } = {},
): Promise<{ protocol: string | undefined; verify: number }> {
  const args = ['s_client', '-connect', `${target.host}:${target.port}`, '-servername', target.servername, '-CAfile', target.caFile];
  if (options.version) args.push(`-${options.version}`);
  if (options.starttls) args.push('-starttls', options.starttls);
  const r = await run(OPENSSL, args, { timeoutMs: 15_000 });
  // "Cipher is (NONE)" / "0000": no session, whatever the Protocol line says.
  const cipher = /^(?:New|Reused), \S+, Cipher is (\S+)/m.exec(r.stdout)?.[1];
  const ok = cipher !== undefined && cipher !== '(NONE)' && cipher !== '0000';
  return {
    protocol: ok ? (/^\s*Protocol\s*:\s*(\S+)/m.exec(r.stdout)?.[1] ?? /^New, (\S+), Cipher/m.exec(r.stdout)?.[1]) : undefined,
    verify: Number(/Verify return code:\s*(\d+)/.exec(r.stdout)?.[1] ?? -1),
  };
}

/** The TLS versions `openssl s_client` can negotiate, one version at a time. */
export async function versionsOpensslNegotiates(
  target: Parameters<typeof sClient>[0],
  starttls?: 'imap' | 'pop3' | 'smtp',
): Promise<string[]> {
  const offered: string[] = [];
  for (const [name, flag] of [
    ['TLSv1.1', 'tls1_1'],
    ['TLSv1.2', 'tls1_2'],
    ['TLSv1.3', 'tls1_3'],
  ] as const)
    if ((await sClient(target, { ...(starttls ? { starttls } : {}), version: flag })).protocol === name) offered.push(name);
  return offered;
}
