/**
 * The signed lab world, judged by peers rather than by our own code: BIND's delv validates every
 * DNSSEC scenario through the lab DNS server from the lab root's trust anchor, and ldns-dane
 * (fed by delv and openssl s_client) matches the DANE scenarios' TLSA records against the chains
 * the lab SMTP servers present. These verdicts are the oracle the product's validator and DANE
 * check are compared with, so every scenario must behave as its name says.
 */
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, RecordType } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RFC4034_CANONICAL_ORDER } from '../support/dnssec-vectors';
import { useLabServices } from '../support/lab-services';
import { DELV_DENIAL_CASES, DELV_SCENARIO_CASES, delvVerdict, parseDelvOutput, SMALL_WORLD_CASES, SMALL_WORLD_ZONES } from './delv';
import { startLabDnsServer, type LabDnsServer, type LabZone } from './dns-server';
import { base32hexDecode, base32hexEncode, compareCanonical, nsec3Hash } from './dnssec-names';
import { parseRecordLine, zoneText } from './dnssec-signer';
import { signLabWorld, type LabWorld } from './dnssec-world';
import type { LdnsDaneVerdict } from './ldns-dane';
import { scenarios } from './zones';

const lab = useLabServices();

const delv = (name: string, type: string, server: { host: string; port: number } = lab.dns, anchorFile = lab.world.delvAnchorFile) =>
  delvVerdict({ server, anchorFile, name, type });

type Response = DecodedPacket & { rcode: string; answers: Answer[]; authorities: Answer[] };

/** One raw UDP query with DO (not delv, not the engine): to look at what the server puts in a response. */
function ask(server: LabDnsServer, name: string, type: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => socket.close(() => reject(new Error('no answer'))), 2000);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close(() => resolve(dnsPacket.decode(msg) as Response));
    });
    socket.send(
      dnsPacket.encode({
        type: 'query',
        id: 7,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ name, type: type as RecordType, class: 'IN' }],
        additionals: [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: 4096,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: dnsPacket.DNSSEC_OK,
            flag_do: true,
            options: [],
          },
        ],
      }),
      server.port,
      server.host,
    );
  });
}

describe('signing the lab world', () => {
  it('signs the whole world with BIND in a few seconds', () => {
    // ECDSA/Ed25519 keys are instant; two RSA keys and ~20 dnssec-signzone runs dominate.
    expect(lab.world.signingMs).toBeLessThan(10_000);
    console.info(`lab world signed in ${lab.world.signingMs} ms`);
  });

  it('writes the root trust anchor as DS lines and as delv trust-anchors', async () => {
    const ds = await readFile(lab.world.anchorFile, 'utf8');
    expect(ds).toBe(lab.world.anchors);
    expect(ds).toMatch(/^\. IN DS \d+ 13 2 [0-9A-F]{64}\n$/);
    const tag = /DS (\d+)/.exec(ds)![1];
    expect(await readFile(lab.world.delvAnchorFile, 'utf8')).toMatch(
      new RegExp(`^trust-anchors \\{\\n {2}\\. static-ds ${tag} 13 2 "[0-9A-F]{64}";\\n\\};\\n$`),
    );
  });

  it('serves the root, test and every scenario zone; signed ones with DNSKEY and RRSIGs', () => {
    const byOrigin = new Map(lab.world.zones.map((z) => [z.origin, z]));
    expect(lab.world.zones[0]!.origin).toBe('.');
    for (const origin of ['.', 'test', 'dnssec-ok.test', 'dnssec-nsec3.test', 'nsec3-optout.test', 'dane-ok.test']) {
      const z = byOrigin.get(origin)!;
      expect(
        z.records.some((r) => r.type === 'DNSKEY'),
        origin,
      ).toBe(true);
      expect(
        z.records.some((r) => r.type === 'RRSIG'),
        origin,
      ).toBe(true);
    }
    for (const origin of ['onprem.test', 'outlook.com', 'dane-unsigned.test', 'insecure.nsec3-optout.test'])
      expect(
        byOrigin.get(origin)!.records.some((r) => r.type === 'RRSIG'),
        origin,
      ).toBe(false);
    // NSEC3 zones carry NSEC3 and NSEC3PARAM, no NSEC.
    const nsec3 = byOrigin.get('dnssec-nsec3.test')!.records;
    expect(nsec3.some((r) => r.type === 'NSEC3')).toBe(true);
    expect(nsec3.some((r) => r.type === 'NSEC')).toBe(false);
    expect(nsec3.some((r) => r.type === 'TYPE51')).toBe(true);
    // `test` delegates every child: NS, and DS for the signed ones only.
    const test = byOrigin.get('test')!.records;
    expect(test.filter((r) => r.type === 'NS' && r.name === 'dnssec-ok.test.')).toHaveLength(1);
    expect(test.filter((r) => r.type === 'DS' && r.name === 'dnssec-ok.test.')).toHaveLength(1);
    expect(test.filter((r) => r.type === 'NS' && r.name === 'onprem.test.')).toHaveLength(1);
    expect(test.filter((r) => r.type === 'DS' && r.name === 'onprem.test.')).toHaveLength(0);
    // The root delegates the TLDs: test (signed, with DS) and com (served only below, insecure).
    const root = byOrigin.get('.')!.records;
    expect(root.filter((r) => r.type === 'DS').map((r) => r.name)).toEqual(['test.']);
    expect(root.filter((r) => r.type === 'NS').map((r) => r.name)).toEqual(expect.arrayContaining(['.', 'test.', 'com.']));
  });
});

describe('delv verdicts for the DNSSEC scenarios (the oracle)', () => {
  it.each(DELV_SCENARIO_CASES)('%s %s → %s', async (name, type, verdict, reason) => {
    const r = await delv(name, type);
    expect(r.verdict, r.output).toBe(verdict);
    if (reason) expect(r.reason, r.output).toMatch(reason);
    if (verdict === 'secure' || verdict === 'insecure') expect(r.records.some((l) => new RegExp(`\\sIN\\s+${type}\\s`).test(l))).toBe(true);
  });

  it('agrees with every DNSSEC scenario’s expectation', async () => {
    const checked = new Map(DELV_SCENARIO_CASES.map(([name, type, verdict]) => [`${name}/${type}`, verdict]));
    for (const s of scenarios.filter((x) => x.expect.some((k) => k.startsWith('finding.dnssec.')))) {
      const verdict = checked.get(`${s.domain}/MX`);
      expect(verdict, `${s.domain} has no delv case`).toBeDefined();
      if (
        s.expect.some((k) =>
          ['finding.dnssec.signature_expired', 'finding.dnssec.signature_not_yet_valid', 'finding.dnssec.ds_mismatch'].includes(k),
        )
      )
        expect(verdict, s.domain).toBe('bogus');
      if (s.expect.includes('finding.dnssec.insecure')) expect(verdict, s.domain).toBe('insecure');
      if (s.expect.some((k) => ['finding.dnssec.secure', 'finding.dnssec.algorithm_deprecated'].includes(k)))
        expect(verdict, s.domain).toBe('secure');
    }
  });
});

describe('authenticated denial served by the lab DNS server (RFC 4035 §3.1.3, RFC 5155 §7.2)', () => {
  it.each(DELV_DENIAL_CASES)('%s %s → %s (%s)', async (name, type, verdict) => {
    const r = await delv(name, type);
    expect(r.verdict, r.output).toBe(verdict);
  });

  it('puts NSEC3, never NSEC, in the NXDOMAIN proof of an NSEC3 zone, and treats hashed owner names as nonexistent', async () => {
    const r = await ask(lab.dns, 'nope.dnssec-nsec3.test', 'A');
    expect(r.rcode).toBe('NXDOMAIN');
    const types = r.authorities.map((a) => a.type);
    expect(types).toContain('NSEC3');
    expect(types).not.toContain('NSEC');
    const owner = r.authorities.find((a) => a.type === 'NSEC3')!.name;
    expect((await ask(lab.dns, owner, 'NSEC3')).rcode).toBe('NXDOMAIN');
  });

  it('answers a name below a delegation it has no zone for with REFUSED, as a name outside all zones', async () => {
    expect((await ask(lab.dns, 'example.com', 'A')).rcode).toBe('REFUSED');
  });

  describe('NSEC3 wildcards, CNAMEs and empty non-terminals (a world of its own)', () => {
    let small: LabWorld;
    let server: LabDnsServer;
    beforeAll(async () => {
      small = await signLabWorld(SMALL_WORLD_ZONES);
      server = await startLabDnsServer({ zones: small.zones });
    }, 30_000);
    afterAll(async () => {
      await server?.close();
      await small?.dispose();
    });

    it.each(SMALL_WORLD_CASES)('%s %s → %s (%s)', async (name, type, verdict) => {
      const r = await delv(name, type, server, small.delvAnchorFile);
      expect(r.verdict, r.output).toBe(verdict);
    });
  });

  it('stripDnssec: no DNSSEC records at all, DNSKEY and DS answered without data; delv cannot validate through it', async () => {
    const strip = await startLabDnsServer({ zones: lab.world.zones, stripDnssec: true });
    try {
      const mx = await ask(strip, 'dnssec-ok.test', 'MX');
      expect(mx.answers.map((a) => a.type)).toEqual(['MX']);
      const nx = await ask(strip, 'nope.dnssec-ok.test', 'A');
      expect(nx.rcode).toBe('NXDOMAIN');
      expect(nx.authorities.map((a) => a.type)).toEqual(['SOA']);
      for (const [name, type] of [
        ['dnssec-ok.test', 'DNSKEY'],
        ['dnssec-ok.test', 'DS'],
        ['.', 'DNSKEY'],
      ]) {
        const r = await ask(strip, name!, type!);
        expect(r, `${name} ${type}`).toMatchObject({ rcode: 'NOERROR', answers: [] });
      }
      const r = await delv('dnssec-ok.test', 'MX', strip);
      expect(['bogus', 'failure'], r.output).toContain(r.verdict);
    } finally {
      await strip.close();
    }
  });

  it("a zone's strip-dnssec behaviour strips that zone only", async () => {
    const zones = lab.world.zones.map((z) => (z.origin === 'dnssec-ok.test' ? { ...z, behaviour: 'strip-dnssec' as const } : z));
    const server = await startLabDnsServer({ zones });
    try {
      expect((await ask(server, 'dnssec-ok.test', 'MX')).answers.map((a) => a.type)).toEqual(['MX']);
      expect((await ask(server, 'dnssec-ok.test', 'DNSKEY')).answers).toEqual([]);
      expect((await ask(server, 'dnssec-nsec3.test', 'MX')).answers.map((a) => a.type)).toEqual(['MX', 'RRSIG']);
      // The parent still vouches for the child's key, so a validator sees the stripped zone as bogus.
      expect((await delv('dnssec-ok.test', 'MX', server)).verdict).toBe('bogus');
      expect((await delv('dnssec-nsec3.test', 'MX', server)).verdict).toBe('secure');
    } finally {
      await server.close();
    }
  });
});

describe('ldns-dane verdicts for the DANE scenarios (delv → openssl s_client → ldns-dane)', () => {
  it.each([
    ['dane-ok.test', 'dane-validated'],
    ['dane-ta.test', 'dane-validated'],
    ['dane-rollover.test', 'dane-validated'],
    ['dane-mismatch.test', 'failed'],
    // RFC 6698 semantics: PKIX-EE/PKIX-TA match and PKIX validates, so ldns-dane accepts what SMTP must not use (RFC 7672 §3.1.3).
    ['dane-usage1.test', 'dane-validated'],
    ['dane-unsigned.test', 'not-secure'],
    ['dnssec-ok.test', 'no-tlsa'],
  ] satisfies [string, LdnsDaneVerdict][])('%s → %s', async (domain, verdict) => {
    const r = await lab.ldnsDane(`mail.${domain}`);
    expect(r.verdict, r.output).toBe(verdict);
    if (verdict === 'failed') expect(r.reason).toBeDefined();
  });
});

describe('signer and name helpers', () => {
  it('reads master-file lines of every type the lab uses (escapes, split hex and base64, RFC 3597)', () => {
    expect(parseRecordLine('a.test. 300 IN TXT "v=spf1 \\"x\\" \\059" "two"')).toEqual({
      name: 'a.test.',
      ttl: 300,
      type: 'TXT',
      data: ['v=spf1 "x" ;', 'two'],
    });
    expect(parseRecordLine('a.test. 60 IN CAA 128 issue "ca.test"')).toMatchObject({
      data: { flags: 128, issuerCritical: true, tag: 'issue', value: 'ca.test' },
    });
    expect(parseRecordLine('_25._tcp.a.test. 300 IN TLSA 3 1 1 00FF 10')).toMatchObject({
      data: { usage: 3, certificate: Buffer.from('00ff10', 'hex') },
    });
    expect(parseRecordLine('a.test. 0 IN NSEC3PARAM 1 0 0 -')).toEqual({
      name: 'a.test.',
      ttl: 0,
      type: 'TYPE51',
      data: Buffer.from([1, 0, 0, 0, 0]),
    });
    expect(parseRecordLine('a.test. 300 IN TYPE65 \\# 3 010203')).toMatchObject({ type: 'TYPE65', data: Buffer.from([1, 2, 3]) });
    expect(parseRecordLine('a.test. 300 IN MX 0 .')).toMatchObject({ data: { preference: 0, exchange: '.' } });
    expect(parseRecordLine('a.test. 300 IN RRSIG NSEC3PARAM 13 2 0 20300101000000 20290101000000 4711 a.test. AAEC')).toMatchObject({
      data: {
        typeCovered: 'NSEC3PARAM',
        expiration: Date.UTC(2030, 0, 1) / 1000,
        inception: Date.UTC(2029, 0, 1) / 1000,
        signature: Buffer.from([0, 1, 2]),
      },
    });
  });

  it('writes zone text the signer reads back the same', () => {
    const zone: LabZone = {
      origin: 'r.test',
      records: [
        { name: '@', type: 'TXT', data: ['quote " back\\slash', 'ř'] },
        { name: 'srv', type: 'SRV', data: { priority: 1, weight: 2, port: 25, target: 'mx.r.test' } },
      ],
    };
    const lines = zoneText(zone).trim().split('\n');
    expect(lines[0]).toMatch(/^r\.test\. 3600 IN SOA /);
    expect(parseRecordLine(lines[1]!)).toMatchObject({ name: 'r.test.', data: ['quote " back\\slash', 'ř'] });
    expect(parseRecordLine(lines[2]!)).toMatchObject({
      name: 'srv.r.test.',
      data: { priority: 1, weight: 2, port: 25, target: 'mx.r.test.' },
    });
  });

  it('hashes names as RFC 5155 Appendix A does, and orders names canonically (RFC 4034 §6.1)', () => {
    // RFC 5155 Appendix A: salt aabbccdd, 12 iterations.
    const salt = Buffer.from('aabbccdd', 'hex');
    expect(base32hexEncode(nsec3Hash('example', salt, 12))).toBe('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom');
    expect(base32hexEncode(nsec3Hash('a.example', salt, 12))).toBe('35mthgpgcu1qg68fab165klnsnk3dpvl');
    expect(base32hexDecode('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom')).toEqual(nsec3Hash('EXAMPLE.', salt, 12));
    const ordered = RFC4034_CANONICAL_ORDER;
    expect([...ordered].reverse().sort(compareCanonical)).toEqual(ordered);
  });

  it('classifies delv output it has not seen here', () => {
    expect(parseDelvOutput(';; resolution failed: timed out\n').verdict).toBe('timeout');
    expect(parseDelvOutput(';; resolution failed: SERVFAIL\n').verdict).toBe('failure');
  });
});
