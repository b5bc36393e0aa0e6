/**
 * Iterative resolution from the root hints, over several lab DNS servers in authoritative mode
 * (test/lab/dns-server.ts), each on its own loopback address and all on one port, since a
 * referral's glue carries addresses only. The signed world is small and ours: the lab root on R,
 * `test` on T, its children on C, and an insecure grandchild below an NSEC3 opt-out zone on D
 * (over IPv6, so glue is AAAA). Smaller unsigned worlds play a referral loop, lame servers,
 * poisoned glue and name servers that need each other.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DnsClient, type ServerAddress } from '../../../../../electron/engine/net/dns-client';
import { clientFetch } from '../../../../../electron/engine/net/dnssec/fetch';
import { ROOT_HINTS, iterativeFetch } from '../../../../../electron/engine/net/dnssec/iterative';
import { createValidator } from '../../../../../electron/engine/net/dnssec/validator';
import { DnsError, type QueryType } from '../../../../../shared/dns';
import { parseTrustAnchorFile } from '../../../../../shared/dnssec/presentation';
import type { TrustAnchor, WireRecord } from '../../../../../shared/dnssec/types';
import { RR_TYPE, parseMessage, typeMnemonic, type ParsedMessage } from '../../../../../shared/dnssec/wire';
import { startLabDnsServer, type LabDnsServer, type LabRecord, type LabZone } from '../../../../lab/dns-server';
import { signLabWorld, type LabWorld } from '../../../../lab/dnssec-world';
import { aRecord, closeFakeDnsServers, dnsReply, fakeDnsServer, type FakeDnsServer } from '../../../../support/fake-dns';

// Signed world: root, `test`, the children of `test`, and the grandchild over IPv6.
const R = '127.0.53.1';
const T = '127.0.53.2';
const C = '127.0.53.3';
const D = '::1';
// Root hints that fail: nothing listens on DEAD; DROP serves a root zone that never answers.
const DEAD = '127.0.53.9';
const DROP = '127.0.53.8';
// Referral loop: two "roots" each delegating `test` to the other.
const L1 = '127.0.53.11';
const L2 = '127.0.53.12';
// Lame delegations: X serves neither lame.test nor half.test (REFUSED), SF answers SERVFAIL for
// half.test and sf.test, H serves half.test.
const LR = '127.0.53.21';
const X = '127.0.53.22';
const H = '127.0.53.23';
const SF = '127.0.53.24';
// Glue: PT serves `test` and a rogue copy of `example` whose ns.evil.example points at PW.
const PR = '127.0.53.31';
const PT = '127.0.53.32';
const PE = '127.0.53.33';
const PV = '127.0.53.34';
const PW = '127.0.53.35';
const PH = '127.0.53.36';
// Name servers that need each other: a. NS ns.b., b. NS ns.a., no glue; one whose name is an
// alias: alias. NS ns.host., where HS serves `host` with ns.host. CNAME real.host. and HS2 serves
// alias.; and noglue. NS ns1.noglue. without glue.
const CR = '127.0.53.41';
const HS = '127.0.53.42';
const HS2 = '127.0.53.43';

const soa = (mname: string): LabRecord => ({ name: '@', type: 'SOA', data: { mname, rname: 'hostmaster.lab.', minimum: 300 } });
const a = (name: string, address: string): LabRecord => ({ name, type: address.includes(':') ? 'AAAA' : 'A', data: address }) as LabRecord;
const ns = (name: string, target: string): LabRecord => ({ name, type: 'NS', data: target });
const mx = (exchange: string): LabRecord => ({ name: '@', type: 'MX', data: { preference: 10, exchange } });

/** A zone with SOA, NS ns1.<origin> and its address (the glue signLabWorld copies into the parent). */
function child(origin: string, address: string, records: LabRecord[], dnssec?: LabZone['dnssec']): LabZone {
  return {
    origin,
    records: [soa(`ns1.${origin}.`), ns('@', `ns1.${origin}.`), a('ns1', address), ...records],
    ...(dnssec ? { dnssec } : {}),
  };
}

const rootZone = (records: LabRecord[], behaviour?: LabZone['behaviour']): LabZone => ({
  origin: '.',
  records: [soa('root.'), ...records],
  ...(behaviour ? { behaviour } : {}),
});

let world: LabWorld;
let anchors: TrustAnchor[];
let port: number;
let recursive: LabDnsServer;
const servers = new Map<string, LabDnsServer>();
const at = (host: string): ServerAddress => ({ host, port });
const label = (host: string) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Starts one authoritative lab server per host, all on one free port. */
async function startOnOnePort(specs: [string, LabZone[]][]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const started: LabDnsServer[] = [];
    try {
      for (const [host, zones] of specs) {
        started.push(await startLabDnsServer({ host, zones, authoritative: true, ...(started[0] ? { port: started[0].port } : {}) }));
      }
      port = started[0]!.port;
      for (const s of started) servers.set(s.host, s);
      return;
    } catch (error) {
      await Promise.all(started.map((s) => s.close()));
      if (attempt >= 20) throw error;
    }
  }
}

beforeAll(async () => {
  world = await signLabWorld([
    { origin: 'test', records: [soa('ns1.test.'), ns('@', 'ns1.test.'), a('ns1', T)] },
    child('dnssec-ok.test', C, [mx('mail.dnssec-ok.test.'), a('mail', '192.0.2.1')], { algorithm: 13 }),
    child('dnssec-nsec3.test', C, [mx('mail.dnssec-nsec3.test.'), a('mail', '192.0.2.2')], { algorithm: 13, denial: 'nsec3' }),
    child('dnssec-expired.test', C, [mx('mail.dnssec-expired.test.'), a('mail', '192.0.2.3')], { algorithm: 13, validity: 'expired' }),
    child('plain.test', C, [mx('mail.plain.test.'), a('mail', '192.0.2.4')]),
    child('nsec3-optout.test', C, [a('www', '192.0.2.5')], { algorithm: 13, denial: 'nsec3-optout' }),
    child('insecure.nsec3-optout.test', D, [mx('mail.insecure.nsec3-optout.test.'), a('mail', '192.0.2.6')]),
  ]);
  anchors = parseTrustAnchorFile(world.anchors, 'lab root');
  const zone = (origin: string) => world.zones.find((z) => z.origin === origin)!;
  await startOnOnePort([
    [R, [zone('.')]],
    [T, [zone('test')]],
    [C, ['dnssec-ok.test', 'dnssec-nsec3.test', 'dnssec-expired.test', 'plain.test', 'nsec3-optout.test'].map(zone)],
    [D, [zone('insecure.nsec3-optout.test')]],
    [DROP, [rootZone([], 'drop')]],
    [L1, [rootZone([ns('test.', 'ns1.test.'), a('ns1.test.', L2)])]],
    [L2, [rootZone([ns('test.', 'ns1.test.'), a('ns1.test.', L1)])]],
    [
      LR,
      [
        rootZone([
          ns('lame.test.', 'ns1.lame.test.'),
          a('ns1.lame.test.', X),
          ns('half.test.', 'ns1.half.test.'),
          ns('half.test.', 'ns2.half.test.'),
          ns('half.test.', 'ns3.half.test.'),
          a('ns1.half.test.', X),
          a('ns2.half.test.', SF),
          a('ns3.half.test.', H),
          ns('sf.test.', 'ns1.sf.test.'),
          a('ns1.sf.test.', SF),
        ]),
      ],
    ],
    [X, [child('other.example', X, [])]],
    [H, [{ origin: 'half.test', records: [soa('ns3.half.test.'), ns('@', 'ns3.half.test.'), a('www', '192.0.2.7')] }]],
    [
      SF,
      [
        { origin: 'half.test', records: [soa('ns2.half.test.'), a('www', '192.0.2.7')], behaviour: 'servfail' },
        { origin: 'sf.test', records: [soa('ns1.sf.test.'), a('www', '192.0.2.8')], behaviour: 'servfail' },
      ],
    ],
    [PR, [rootZone([ns('test.', 'ns1.test.'), a('ns1.test.', PT), ns('example.', 'ns1.example.'), a('ns1.example.', PE)])]],
    [
      PT,
      [
        {
          origin: 'test',
          records: [
            soa('ns1.test.'),
            ns('@', 'ns1.test.'),
            a('ns1', PT),
            // Out of bailiwick: PT may not speak for example, yet its referral carries an address for it.
            ns('victim', 'ns.evil.example.'),
            // Sibling glue (RFC 9471 §2.2): in bailiwick of `test`, which PT serves.
            ns('victim2', 'ns.helper.test.'),
            ns('helper', 'ns1.helper.test.'),
            a('ns1.helper', PH),
            a('ns.helper', PV),
          ],
        },
        { origin: 'example', records: [soa('ns1.example.'), a('ns.evil', PW)] },
      ],
    ],
    [PE, [{ origin: 'example', records: [soa('ns1.example.'), ns('@', 'ns1.example.'), a('ns1', PE), a('ns.evil', PV)] }]],
    [
      PV,
      [
        { origin: 'victim.test', records: [soa('ns.evil.example.'), a('www', '192.0.2.1')] },
        { origin: 'victim2.test', records: [soa('ns.helper.test.'), a('www', '192.0.2.2')] },
      ],
    ],
    [PW, [{ origin: 'victim.test', records: [soa('ns.evil.example.'), a('www', '192.0.2.66')] }]],
    [PH, [{ origin: 'helper.test', records: [soa('ns1.helper.test.'), a('ns1', PH), a('ns', PV)] }]],
    [
      CR,
      [
        rootZone([
          ns('a.', 'ns.b.'),
          ns('b.', 'ns.a.'),
          ns('alias.', 'ns.host.'),
          ns('host.', 'ns1.host.'),
          a('ns1.host.', HS),
          ns('noglue.', 'ns1.noglue.'),
        ]),
      ],
    ],
    [HS, [{ origin: 'host', records: [soa('ns1.host.'), { name: 'ns', type: 'CNAME', data: 'real.host.' }, a('real', HS2)] }]],
    [HS2, [{ origin: 'alias', records: [soa('ns.host.'), a('www', '192.0.2.9')] }]],
  ]);
  // The resolver the iterative path replaces: the default (recursive-looking) mode over the same zones.
  recursive = await startLabDnsServer({ zones: world.zones });
}, 60_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
  await recursive?.close();
  await world?.dispose();
});

const { A, MX, NS, DS, DNSKEY } = RR_TYPE;
const labRoot = () => [at(R)];
const fetchFrom = (hints: ServerAddress[], extra: Parameters<typeof iterativeFetch>[0] = {}) =>
  iterativeFetch({ rootHints: hints, port, timeoutMs: 400, retries: 1, ...extra });
const viaResolver = () => clientFetch(new DnsClient({ servers: [{ host: recursive.host, port: recursive.port }] }));

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const rr = (r: WireRecord) => `${r.name} ${r.ttl} ${r.class} ${r.type} ${hex(r.rdata)}`;
/** What the validator reads of a response: rcode and the three sections. */
const sections = (m: ParsedMessage) => ({
  rcode: m.rcode,
  answers: m.answers.map(rr).sort(),
  authorities: m.authorities.map(rr).sort(),
  additionals: m.additionals.map(rr).sort(),
});
const addresses = (m: ParsedMessage, type = A) => m.answers.filter((r) => r.type === type).map((r) => [...r.rdata].join('.'));

async function failure(promise: Promise<unknown>): Promise<DnsError> {
  try {
    await promise;
  } catch (error) {
    return error as DnsError;
  }
  throw new Error('expected the lookup to fail');
}

describe('iterative resolution over authoritative servers', () => {
  // [name, type, the server that must give the final response, what it shows]
  const cases: [string, keyof typeof RR_TYPE, string, string][] = [
    ['', 'DNSKEY', R, 'the root asked directly'],
    ['test', 'DS', R, 'DS from the parent side of the cut (RFC 4035 §3.1.4.1)'],
    ['test', 'DNSKEY', T, 'one referral'],
    ['dnssec-ok.test', 'DS', T, 'DS at a signed delegation'],
    ['dnssec-ok.test', 'DNSKEY', C, 'two referrals'],
    ['dnssec-ok.test', 'MX', C, 'an answer'],
    ['mail.dnssec-ok.test', 'A', C, 'an answer below the apex'],
    ['dnssec-ok.test', 'AAAA', C, 'NODATA with its NSEC'],
    ['nope.dnssec-ok.test', 'A', C, 'NXDOMAIN with its NSECs'],
    ['nope.test', 'A', T, 'NXDOMAIN in the parent'],
    ['plain.test', 'DS', T, 'no DS: the NSEC at the cut'],
    ['plain.test', 'MX', C, 'an unsigned zone'],
    ['dnssec-nsec3.test', 'MX', C, 'an NSEC3 zone'],
    ['nope.dnssec-nsec3.test', 'A', C, 'NXDOMAIN with the NSEC3 closest encloser proof'],
    ['www.nsec3-optout.test', 'A', C, 'an opt-out zone'],
    ['insecure.nsec3-optout.test', 'DS', C, 'no DS under opt-out: the closest encloser proof'],
    ['insecure.nsec3-optout.test', 'MX', D, 'a grandchild reached over IPv6 (AAAA glue)'],
  ];

  it.each(cases)('%s %s: the response equals the recursive lab server’s; given by %s (%s)', async (name, mnemonic, by) => {
    const type = RR_TYPE[mnemonic];
    const fetch = fetchFrom(labRoot());
    const [mine, theirs] = await Promise.all([fetch(name, type), viaResolver()(name, type)]);
    expect(sections(mine.message)).toEqual(sections(theirs.message));
    expect(mine.server).toBe(label(by));
    // An authoritative response, asked without recursion (the lab server echoes RD), with DO.
    expect(mine.message.flags).toMatchObject({ aa: true, ra: false, rd: false });
    expect(mine.message.edns?.do).toBe(true);
  });

  it('caches the zone cuts of a run, counts its queries, and takes DS to the parent side of a cut it knows', async () => {
    const fetch = fetchFrom(labRoot());
    expect(fetch.queries).toBe(0);
    const first = await fetch('mail.dnssec-ok.test', A);
    expect(addresses(first.message)).toEqual(['192.0.2.1']);
    expect(fetch.queries).toBe(3); // root, test, dnssec-ok.test
    await fetch('dnssec-ok.test', MX);
    expect(fetch.queries).toBe(4); // straight to the known cut
    // The cut dnssec-ok.test is known, yet its DS is asked of `test` (RFC 4035 §3.1.4.1).
    const ds = await fetch('dnssec-ok.test', DS);
    expect(ds.server).toBe(label(T));
    expect(ds.message.answers.filter((r) => r.type === DS)).toHaveLength(1);
    expect(fetch.queries).toBe(5);
    // Every query went with DO, to the authoritative servers only.
    for (const host of [R, T, C]) expect(servers.get(host)!.queryLog.every((q) => q.dnssec)).toBe(true);
  });

  it('validates with no recursive resolver at all: the validator over iterativeFetch gives the verdicts it gives over the resolver', async () => {
    const asked = recursive.queryLog.length;
    const fetch = fetchFrom(labRoot());
    const validator = createValidator({ fetch, anchors });
    const cases: [string, number, string, string?][] = [
      ['dnssec-ok.test', MX, 'secure'],
      ['mail.dnssec-ok.test', A, 'secure'],
      ['nope.dnssec-ok.test', A, 'secure'],
      ['dnssec-nsec3.test', MX, 'secure'],
      ['nope.dnssec-nsec3.test', A, 'secure'],
      ['plain.test', MX, 'insecure', 'no_ds'],
      ['insecure.nsec3-optout.test', MX, 'insecure', 'no_ds'],
      ['dnssec-expired.test', MX, 'bogus', 'signature_expired'],
    ];
    const results = [];
    for (const [name, type, status, reason] of cases) {
      const result = await validator.validate(name, type);
      expect({ name, status: result.status, reason: result.reason }).toEqual({ name, status, reason });
      results.push(result);
    }
    expect(recursive.queryLog.length).toBe(asked);
    expect(fetch.queries).toBeGreaterThan(0);
    expect(new Set(validator.servers)).toEqual(new Set([R, T, C, D].map(label)));
    // The same proofs, link by link, as through the resolver.
    const reference = createValidator({ fetch: viaResolver(), anchors });
    for (const [i, [name, type]] of cases.entries()) expect(results[i]).toEqual(await reference.validate(name, type));
  });
});

describe('the lab server in authoritative mode', () => {
  /** One query with DO and RD clear, straight to `host`. */
  const ask = async (host: string, name: string, type: QueryType) =>
    parseMessage((await new DnsClient({ servers: [at(host)] }).queryRaw(name, type, { dnssec: true, recursionDesired: false })).wire);
  const types = (records: WireRecord[]) => records.map((r) => `${r.name} ${typeMnemonic(r.type)}`);

  it('refers names below a delegation it does not serve (RFC 1034 §4.3.2, RFC 4035 §3.1.4)', async () => {
    // Signed delegation: NS, then DS with its RRSIG; the glue in additional; AA and RA clear.
    const signed = await ask(T, 'www.dnssec-ok.test', 'A');
    expect(signed.rcode).toBe(0);
    expect(signed.flags).toMatchObject({ aa: false, ra: false });
    expect(signed.answers).toEqual([]);
    expect(types(signed.authorities)).toEqual(['dnssec-ok.test NS', 'dnssec-ok.test DS', 'dnssec-ok.test RRSIG']);
    expect(signed.additionals.map((r) => `${r.name} ${[...r.rdata].join('.')}`)).toEqual([`ns1.dnssec-ok.test ${C}`]);
    // Unsigned child under NSEC: the NSEC at the cut proves there is no DS.
    const plain = await ask(T, 'plain.test', 'MX');
    expect(types(plain.authorities)).toEqual(['plain.test NS', 'plain.test NSEC', 'plain.test RRSIG']);
    // Unsigned child under NSEC3 opt-out: the closest encloser proof (RFC 5155 §7.2.7), AAAA glue.
    const optout = await ask(C, 'insecure.nsec3-optout.test', 'MX');
    expect(optout.flags.aa).toBe(false);
    expect(types(optout.authorities).filter((t) => t.endsWith(' NSEC3'))).toHaveLength(2);
    expect(types(optout.additionals)).toEqual(['ns1.insecure.nsec3-optout.test AAAA']);
    // Without DO: the bare referral.
    const bare = parseMessage(
      (await new DnsClient({ servers: [at(T)] }).queryRaw('dnssec-ok.test', 'MX', { recursionDesired: false })).wire,
    );
    expect(types(bare.authorities)).toEqual(['dnssec-ok.test NS']);
  });

  it('answers DS at a cut from the parent side, authoritatively, and refuses names outside its zones', async () => {
    const ds = await ask(T, 'dnssec-ok.test', 'DS');
    expect(ds.flags).toMatchObject({ aa: true, ra: false });
    expect(types(ds.answers)).toEqual(['dnssec-ok.test DS', 'dnssec-ok.test RRSIG']);
    expect((await ask(T, 'example.com', 'A')).rcode).toBe(5);
  });
});

describe('failures end in a DnsError, not a hang', () => {
  it('falls over from a dead root hint and a silent one to the next, and asks the good one first afterwards', async () => {
    const fetch = fetchFrom([at(DEAD), at(DROP), at(R)]);
    const reply = await fetch('mail.dnssec-ok.test', A);
    expect(addresses(reply.message)).toEqual(['192.0.2.1']);
    expect(fetch.queries).toBe(5); // DEAD, DROP, R, T, C
    const drops = servers.get(DROP)!.queryLog.length;
    expect(drops).toBeGreaterThan(0);
    // The root again: the hints that failed go last, so R answers at once.
    const root = await fetch('', DNSKEY);
    expect(root.server).toBe(label(R));
    expect(fetch.queries).toBe(6);
    expect(servers.get(DROP)!.queryLog.length).toBe(drops);
  });

  it('stops at once when the run is aborted, even while a server keeps silent', async () => {
    const controller = new AbortController();
    const fetch = fetchFrom([at(DROP), at(R)], { timeoutMs: 5_000, signal: controller.signal });
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(fetch('test', NS));
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fetch.queries).toBe(1); // R was never asked
  });

  it('throws a timeout or network DnsError naming every root hint when none answers', async () => {
    const silent = await failure(fetchFrom([at(DROP)])('test', NS));
    expect(silent).toBeInstanceOf(DnsError);
    expect(silent.kind).toBe('timeout');
    expect(silent.message).toContain(label(DROP));
    const both = await failure(fetchFrom([at(DROP), at(DEAD)])('test', NS));
    expect(both.kind).toBe('network'); // an unreachable port says more than silence
    expect(both.message).toContain(label(DROP));
    expect(both.message).toContain(label(DEAD));
  });

  it('stops a referral loop between two servers', async () => {
    const fetch = fetchFrom([at(L1)]);
    const started = Date.now();
    const error = await failure(fetch('www.test', A));
    expect(error).toBeInstanceOf(DnsError);
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/referral loop/);
    expect(fetch.queries).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('moves on from a lame server (REFUSED) and from SERVFAIL, and throws when every server of the zone is lame', async () => {
    const half = fetchFrom([at(LR)]);
    const reply = await half('www.half.test', A);
    expect(addresses(reply.message)).toEqual(['192.0.2.7']);
    expect(reply.server).toBe(label(H));
    for (const host of [X, SF]) expect(servers.get(host)!.queryLog.some((q) => q.name === 'www.half.test')).toBe(true);

    const error = await failure(fetchFrom([at(LR)])('www.lame.test', A));
    expect(error).toBeInstanceOf(DnsError);
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/lame delegation.*REFUSED/);
  });

  it('hands over SERVFAIL when every server of the zone says so: that zone answered', async () => {
    const reply = await fetchFrom([at(LR)])('www.sf.test', A);
    expect(reply.message.rcode).toBe(2);
    expect(reply.server).toBe(label(SF));
  });

  it('bounds the referrals and the queries of one question', async () => {
    const referrals = await failure(fetchFrom(labRoot(), { maxReferrals: 1 })('mail.dnssec-ok.test', A));
    expect(referrals).toMatchObject({ kind: 'network' });
    expect(referrals.message).toMatch(/^referral limit reached/);
    await expect(fetchFrom(labRoot(), { maxReferrals: 2 })('mail.dnssec-ok.test', A)).resolves.toBeDefined();

    const queries = await failure(fetchFrom(labRoot(), { maxQueries: 2 })('mail.dnssec-ok.test', A));
    expect(queries).toMatchObject({ kind: 'network' });
    expect(queries.message).toMatch(/^query limit reached/);
    // The budget is per question: a second one has its own.
    const fetch = fetchFrom(labRoot(), { maxQueries: 3 });
    await fetch('mail.dnssec-ok.test', A);
    await fetch('plain.test', MX);
    expect(fetch.queries).toBe(5);
  });

  it('stops name servers that need each other’s addresses', async () => {
    const fetch = fetchFrom([at(CR)]);
    const error = await failure(fetch('www.a', A));
    expect(error).toBeInstanceOf(DnsError);
    expect(error.message).toMatch(/the name server ns\.b\. is needed to find its own address/);
    expect(fetch.queries).toBe(2); // the referrals to a. and to b.
  });

  it('gives up at once on a delegation whose name servers lie inside it without glue', async () => {
    const fetch = fetchFrom([at(CR)]);
    const error = await failure(fetch('www.noglue', A));
    expect(error).toMatchObject({ kind: 'network' });
    expect(error.message).toMatch(/the name server ns1\.noglue\. lies inside noglue\. and came without glue/);
    expect(fetch.queries).toBe(1);
  });

  it('follows a name server name that is an alias (RFC 2181 §10.3 forbids it, it happens)', async () => {
    const fetch = fetchFrom([at(CR)]);
    const reply = await fetch('www.alias', A);
    expect(addresses(reply.message)).toEqual(['192.0.2.9']);
    expect(reply.server).toBe(label(HS2));
    expect(fetch.queries).toBe(5); // root (alias.), root (host.), ns.host → CNAME, real.host, www.alias
  });
});

describe('responses that do not end the walk (scripted servers as root hints)', () => {
  afterEach(closeFakeDnsServers);
  const hint = (s: FakeDnsServer): ServerAddress => ({ host: s.host, port: s.port });

  it('takes no answer without AA: a server that does not hold the zone is lame (RFC 1035 §4.1.1)', async () => {
    // Answers everything like a resolver would, from "cache": RA set, AA clear.
    const liar = await fakeDnsServer((query, send) =>
      send(dnsReply(query, { answers: [aRecord(query.questions[0]!.name, '192.0.2.66')] })),
    );
    const reply = await fetchFrom([hint(liar), at(R)])('mail.dnssec-ok.test', A);
    expect(addresses(reply.message)).toEqual(['192.0.2.1']);
    expect(liar.asked).toEqual(['mail.dnssec-ok.test A']);
    const error = await failure(fetchFrom([hint(liar)])('mail.dnssec-ok.test', A));
    expect(error).toMatchObject({ kind: 'network' });
    expect(error.message).toMatch(/^lame delegation: .*AA clear/);
  });

  it('does not follow a referral of a DS question down to the child zone (RFC 4035 §3.1.4.1)', async () => {
    // A "root" that refers every question to `test`, with glue pointing at T.
    const referrer = await fakeDnsServer((query, send) =>
      send(
        dnsReply(query, {
          authorities: [{ type: 'NS', name: 'test', ttl: 60, class: 'IN', data: 'ns1.test' }],
          additionals: [aRecord('ns1.test', T)],
        }),
      ),
    );
    // Other questions follow it to T …
    expect((await fetchFrom([hint(referrer)])('test', DNSKEY)).server).toBe(label(T));
    // … but DS test is the root's to answer: T would only give its apex NODATA.
    const ds = await fetchFrom([hint(referrer), at(R)])('test', DS);
    expect(ds.server).toBe(label(R));
    expect(ds.message.answers.some((r) => r.type === DS)).toBe(true);
    const error = await failure(fetchFrom([hint(referrer)])('test', DS));
    expect(error.message).toMatch(/referred DS test\. to the child zone; the parent \. must answer it/);
  });
});

describe('glue', () => {
  it('ignores glue for a name outside the referring server’s zone and looks the name server up itself', async () => {
    // The referral from `test` carries an address for ns.evil.example that points at PW.
    const raw = await new DnsClient({ servers: [at(PT)] }).queryRaw('www.victim.test', 'A', { recursionDesired: false });
    const referral = parseMessage(raw.wire);
    expect(referral.additionals.map((r) => `${r.name} ${[...r.rdata].join('.')}`)).toEqual([`ns.evil.example ${PW}`]);

    const reply = await fetchFrom([at(PR)])('www.victim.test', A);
    expect(addresses(reply.message)).toEqual(['192.0.2.1']);
    expect(reply.server).toBe(label(PV));
    expect(servers.get(PW)!.queryLog).toEqual([]);
    expect(servers.get(PE)!.queryLog.some((q) => q.name === 'ns.evil.example' && q.type === 'A')).toBe(true);
  });

  it('uses sibling glue, in bailiwick of the referring zone (RFC 8499 §7)', async () => {
    const fetch = fetchFrom([at(PR)]);
    const reply = await fetch('www.victim2.test', A);
    expect(addresses(reply.message)).toEqual(['192.0.2.2']);
    expect(reply.server).toBe(label(PV));
    expect(servers.get(PH)!.queryLog).toEqual([]);
    expect(fetch.queries).toBe(3);
  });
});

describe('root hints', () => {
  it('are the 13 IANA root servers over IPv4, then over IPv6, on port 53', () => {
    expect(ROOT_HINTS).toHaveLength(26);
    expect(ROOT_HINTS.every((h) => h.port === 53)).toBe(true);
    expect(ROOT_HINTS.slice(0, 13).every((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h.host))).toBe(true);
    expect(ROOT_HINTS.slice(13).every((h) => h.host.includes(':'))).toBe(true);
    expect(ROOT_HINTS[0]).toEqual({ host: '198.41.0.4', port: 53 }); // a.root-servers.net
    expect(ROOT_HINTS[1]!.host).toBe('170.247.170.2'); // b, renumbered in 2023
    expect(ROOT_HINTS[25]).toEqual({ host: '2001:dc3::35', port: 53 }); // m.root-servers.net
  });

  it('are the default, and the loopback guard keeps the tests off them', async () => {
    await expect(iterativeFetch({})('test', NS)).rejects.toThrow(/MAILAUDIT_LOOPBACK_ONLY is set: refusing to contact 198\.41\.0\.4/);
  });
});
