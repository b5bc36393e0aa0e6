/**
 * Interop (issue 9 §8): the client-access check against a real Dovecot (private instance on
 * loopback high ports, test/lab/dovecot.ts), strict (`disable_plaintext_auth = yes`) and lax, and
 * our TLS facts compared with what `openssl s_client` sees on the same ports. Skipped without
 * Dovecot or root (`.ci/run` installs dovecot-imapd and dovecot-pop3d).
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabCa, labKey, type LabCa } from '../../../lab/ca';
import { dovecotAvailable, startDovecot, type DovecotInstance } from '../../../lab/dovecot';
import { assessClientAccess, sClient, versionsOpensslNegotiates } from '../../../support/client-access-peer';

const STRICT = { host: '127.0.60.20', name: 'mail.dovecot-strict.test' };
const LAX = { host: '127.0.60.21', name: 'mail.dovecot-lax.test' };

let ca: LabCa;
let strict: DovecotInstance;
let lax: DovecotInstance;

beforeAll(async () => {
  if (!dovecotAvailable()) return;
  ca = await createLabCa();
  const key = labKey({ type: 'ec', curve: 'P-256' });
  const start = (t: typeof STRICT, isStrict: boolean) => {
    const { chain } = ca.issue({ commonName: t.name, dnsNames: [t.name], key });
    return startDovecot({ host: t.host, certPem: chain, keyPem: key.pem, strict: isStrict });
  };
  [strict, lax] = await Promise.all([start(STRICT, true), start(LAX, false)]);
}, 60_000);

afterAll(async () => {
  await strict?.stop();
  await lax?.stop();
  if (ca) await rm(ca.dir, { recursive: true, force: true });
});

/** Standard ports mapped to the instance's high ports; 465/587 stay closed. */
function rules(d: DovecotInstance): string[] {
  return [
    `${d.host}:143:${d.host}:${d.ports.imap}`,
    `${d.host}:993:${d.host}:${d.ports.imaps}`,
    `${d.host}:110:${d.host}:${d.ports.pop3}`,
    `${d.host}:995:${d.host}:${d.ports.pop3s}`,
  ];
}

const assess = (d: DovecotInstance, name: string) => assessClientAccess(name, d.host, rules(d), ca.root.pem);
const peer = (d: DovecotInstance, port: number) => ({
  host: d.host,
  port,
  servername: d === strict ? STRICT.name : LAX.name,
  caFile: ca.caFile,
});

describe.skipIf(!dovecotAvailable())('client-access against Dovecot', () => {
  it('strict Dovecot: login only after TLS on 143 and 110, TLS on 993 and 995 — as openssl sees it', async () => {
    const out = await assess(strict, STRICT.name);
    const at = (port: number) => out.findings.filter((f) => f.params?.port === port).map((f) => [f.key, f.status]);
    expect(at(143)).toContainEqual(['finding.client_access.imap_login_after_tls', 'pass']);
    expect(at(110)).toContainEqual(['finding.client_access.pop3_login_after_tls', 'pass']);
    expect(at(993)).toContainEqual(['finding.client_access.tls_ok', 'pass']);
    expect(at(995)).toContainEqual(['finding.client_access.tls_ok', 'pass']);
    expect(
      out.findings.filter((f) => f.status === 'fail'),
      (await strict.log()).slice(-2000),
    ).toEqual([]);
    const imap = out.data.ports.find((p) => p.port === 143)!;
    expect(imap.capabilities).toContain('LOGINDISABLED');
    expect(imap.starttls).toBe(true);
    for (const [port, real] of [
      [993, strict.ports.imaps],
      [995, strict.ports.pop3s],
    ] as const) {
      const ours = out.data.ports.find((p) => p.port === port)!;
      const theirs = await sClient(peer(strict, real));
      expect(ours.tls?.protocol).toBe(theirs.protocol);
      expect(ours.tls?.authorized).toBe(theirs.verify === 0);
      // The versions our prober found are the ones openssl can negotiate, one version at a time.
      expect(ours.versions?.versions?.supported).toEqual(await versionsOpensslNegotiates(peer(strict, real)));
    }
    // STARTTLS offered on 143/110 (our `starttls`) is what openssl can use.
    for (const [real, proto] of [
      [strict.ports.imap, 'imap'],
      [strict.ports.pop3, 'pop3'],
    ] as const)
      expect((await sClient(peer(strict, real), { starttls: proto })).verify).toBe(0);
  }, 120_000);

  it('lax Dovecot: plaintext login before STARTTLS fails requirement 8', async () => {
    const out = await assess(lax, LAX.name);
    const at = (port: number) => out.findings.filter((f) => f.params?.port === port).map((f) => [f.key, f.status]);
    expect(at(143)).toContainEqual(['finding.client_access.imap_login_before_tls', 'fail']);
    expect(at(110)).toContainEqual(['finding.client_access.pop3_login_before_tls', 'fail']);
    expect(out.data.ports.find((p) => p.port === 143)!.capabilities).not.toContain('LOGINDISABLED');
  }, 120_000);
});
