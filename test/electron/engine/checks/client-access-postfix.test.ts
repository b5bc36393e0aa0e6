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
import { createLabCa, labKey, type LabCa } from '../../../lab/ca';
import { postfixProfiles, startPostfix, type PostfixInstance } from '../../../lab/postfix';
import { assessClientAccess, sClient, versionsOpensslNegotiates } from '../../../support/client-access-peer';

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

describe.skipIf(!available)('client-access against Postfix submission', () => {
  it('587 requires STARTTLS and 465 speaks TLS at once: both pass, with the versions openssl can negotiate', async () => {
    const { starttls, implicit } = postfix.submission!;
    const out = await assessClientAccess(NAME, HOST, [`${HOST}:587:${HOST}:${starttls}`, `${HOST}:465:${HOST}:${implicit}`], ca.root.pem);
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
      const target = { host: HOST, port: real, servername: NAME, caFile: ca.caFile };
      const starttlsOf = isStarttls ? ('smtp' as const) : undefined;
      expect(ours.tls?.protocol, `port ${port}`).toBe((await sClient(target, starttlsOf ? { starttls: starttlsOf } : {})).protocol);
      expect(ours.tls?.authorized).toBe(true);
      expect(ours.versions?.versions?.supported, `port ${port}`).toEqual(await versionsOpensslNegotiates(target, starttlsOf));
    }
  }, 180_000);
});
