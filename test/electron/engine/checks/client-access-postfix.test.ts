/**
 * Interop (issue 9 §8): the client-access check against a real Postfix serving submission (a
 * private instance on loopback high ports, test/lab/postfix.ts): STARTTLS required as on 587,
 * implicit TLS as on 465, and our TLS facts compared with what `openssl s_client` sees on the same
 * ports. Skipped without Postfix or root (`.ci/run` installs postfix and runs as root).
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessHostsSpec } from '../../../../electron/engine/checks/access-hosts/spec';
import { clientAccessCheck } from '../../../../electron/engine/checks/client-access/check';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import { createLabCa, labKey, type LabCa } from '../../../lab/ca';
import { OPENSSL, run } from '../../../lab/openssl-peer';
import { postfixProfiles, startPostfix, type PostfixInstance } from '../../../lab/postfix';
import { checkContext, runCheck } from '../../../support/check-context';
import { FakeDns } from '../../../support/fake-dns';

const HOST = '127.0.60.30';
const NAME = 'mail.postfix-submission.test';
const available = existsSync('/usr/sbin/postfix') && userInfo().uid === 0;

let ca: LabCa;
let postfix: PostfixInstance;

beforeAll(async () => {
  if (!available) return;
  ca = await createLabCa();
  const key = labKey({ type: 'ec', curve: 'P-256' });
  const { chain } = ca.issue({ commonName: NAME, dnsNames: [NAME], key });
  postfix = await startPostfix({
    ...postfixProfiles.modern,
    host: HOST,
    hostname: NAME,
    certPem: chain,
    keyPem: key.pem,
    submission: true,
  });
}, 60_000);

afterAll(async () => {
  await postfix?.stop();
  if (ca) await rm(ca.dir, { recursive: true, force: true });
});

/** `openssl s_client` on the implicit-TLS port or after STARTTLS: the protocol of the session it made. */
async function sClient(port: number, starttls: boolean, version?: string): Promise<string | undefined> {
  const args = ['s_client', '-connect', `${HOST}:${port}`, '-servername', NAME, '-CAfile', ca.caFile];
  if (version) args.push(`-${version}`);
  if (starttls) args.push('-starttls', 'smtp');
  const r = await run(OPENSSL, args, { timeoutMs: 15_000 });
  const cipher = /^(?:New|Reused), \S+, Cipher is (\S+)/m.exec(r.stdout)?.[1];
  if (cipher === undefined || cipher === '(NONE)' || cipher === '0000') return undefined;
  return /^\s*Protocol\s*:\s*(\S+)/m.exec(r.stdout)?.[1] ?? /^New, (\S+), Cipher/m.exec(r.stdout)?.[1];
}

describe.skipIf(!available)('client-access against Postfix submission', () => {
  it('587 requires STARTTLS and 465 speaks TLS at once: both pass, with the versions openssl can negotiate', async () => {
    const { starttls, implicit } = postfix.submission!;
    const connector = new Connector({
      connectTo: [`${HOST}:587:${HOST}:${starttls}`, `${HOST}:465:${HOST}:${implicit}`].map(parseConnectTo),
    });
    const hosts = [{ name: NAME, addresses: [HOST], sources: [{ kind: 'mx' as const }], srv: [], microsoft: false }];
    const { ctx } = checkContext(
      clientAccessCheck,
      new FakeDns({}),
      { domain: NAME.slice(5) },
      {
        connector,
        results: new Map([[accessHostsSpec, { hosts, autodiscoverExchangeOnline: false }]]),
        settings: { extraCaPem: [ca.root.pem] },
      },
    );
    const out = await runCheck(clientAccessCheck, ctx);
    const at = (port: number) => out.findings.filter((f) => f.params?.port === port).map((f) => [f.key, f.status]);
    expect(at(587)).toContainEqual(['finding.client_access.submission_ok', 'pass']);
    expect(at(465)).toContainEqual(['finding.client_access.tls_ok', 'pass']);
    // The TLS profile may still fail (OpenSSL signs with SHA-1 when asked); the client-access verdicts must not.
    expect(
      out.findings.filter((f) => f.status === 'fail' && f.key.startsWith('finding.client_access.')),
      postfix.log().slice(-2000),
    ).toEqual([]);

    for (const [port, real, isStarttls] of [
      [587, starttls, true],
      [465, implicit, false],
    ] as const) {
      const ours = out.data.ports.find((p) => p.port === port)!;
      expect(ours.tls?.protocol, `port ${port}`).toBe(await sClient(real, isStarttls));
      expect(ours.tls?.authorized).toBe(true);
      const offered: string[] = [];
      for (const [name, flag] of [
        ['TLSv1.1', 'tls1_1'],
        ['TLSv1.2', 'tls1_2'],
        ['TLSv1.3', 'tls1_3'],
      ] as const)
        if ((await sClient(real, isStarttls, flag)) === name) offered.push(name);
      expect(ours.versions?.versions?.supported, `port ${port}`).toEqual(offered);
    }
  }, 180_000);
});
