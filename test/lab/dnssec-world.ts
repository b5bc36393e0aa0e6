/**
 * The lab's signed world (DESIGN §6): a lab root zone `.` (signed, algorithm 13) delegating every
 * TLD the lab uses, the `test` TLD signed with NSEC and delegating every zone the lab serves under
 * it, and every zone with a `dnssec` field signed by BIND (test/lab/dnssec-signer.ts). Delegations
 * carry NS and glue, plus DS for signed children; an unsigned child's NSEC at the cut (NS bit, no
 * DS bit) proves the delegation insecure (RFC 4035 §5.2). TLDs the lab does not serve (`com`, for
 * the Microsoft fixture zones) are insecure delegations of the root. The root's DS is the trust
 * anchor: `anchorFile` for the product's `--trust-anchor`, `delvAnchorFile` for delv's `-a`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { absoluteDataName, absoluteOwnerName, type LabRecord, type LabZone } from './dns-server';
import { parseDsLines, signZone, type LabSigning } from './dnssec-signer';

export interface LabWorld {
  /** the lab root first, then the given zones in their order, signed where asked */
  zones: LabZone[];
  /** the lab root's DS, `dnssec-dsfromkey` format: what `--trust-anchor` takes */
  anchorFile: string;
  /** the same anchor as delv's `-a` wants it: `trust-anchors { . static-ds … };` */
  delvAnchorFile: string;
  /** the text of anchorFile */
  anchors: string;
  /** the temporary directory holding keys, signed zones and the anchor files */
  dir: string;
  /** wall time spent making keys and signing, ms */
  signingMs: number;
  /** removes `dir` */
  dispose(): Promise<void>;
}

/** The root and `test` are signed like this unless a zone given for them says otherwise. */
export const LAB_ROOT_SIGNING: LabSigning = { algorithm: 13, denial: 'nsec' };

/** The lab's name servers all resolve to the lab DNS address; unserved TLDs point here (out of bailiwick, no glue). */
const LAB_NS = 'ns1.test.';

const key = (origin: string) => absoluteOwnerName('@', origin);
const fqdn = (name: string) => (name === '' ? '.' : `${name}.`);
const tldOf = (origin: string) => origin.slice(origin.lastIndexOf('.') + 1);

function rootZone(): LabZone {
  return {
    origin: '.',
    records: [
      { name: '.', type: 'SOA', ttl: 86400, data: { mname: 'ns1.test.', rname: 'hostmaster.test.', serial: 2026112701, minimum: 300 } },
      { name: '.', type: 'NS', ttl: 86400, data: LAB_NS },
    ],
  };
}

/** NS, in-bailiwick glue (RFC 9471) and DS for `child`, to be placed in its parent. */
function delegation(child: LabZone, ds: string[]): LabRecord[] {
  const origin = key(child.origin);
  const ns = child.records
    .filter((r) => r.type === 'NS' && absoluteOwnerName(r.name, origin) === origin)
    .map((r) => absoluteDataName(r.data as string, origin));
  const targets = ns.length > 0 ? ns : [`ns.${origin}`];
  const glue = child.records.filter(
    (r) =>
      (r.type === 'A' || r.type === 'AAAA') &&
      targets.includes(absoluteOwnerName(r.name, origin)) &&
      absoluteOwnerName(r.name, origin) !== origin,
  );
  return [
    ...targets.map((t): LabRecord => ({ name: fqdn(origin), type: 'NS', data: fqdn(t) })),
    ...glue.map((r) => ({ ...r, name: fqdn(absoluteOwnerName(r.name, origin)) })),
    ...parseDsLines(ds),
  ];
}

/**
 * Signs the lab world: adds the root (unless given), signs `test` and the root with
 * LAB_ROOT_SIGNING, adds delegations into every signed parent, and signs bottom-up.
 */
export async function signLabWorld(zones: LabZone[], options: { dir?: string; now?: number } = {}): Promise<LabWorld> {
  const started = performance.now();
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'mailaudit-lab-dnssec-')));
  try {
    const byOrigin = new Map<string, LabZone>();
    for (const z of zones) {
      if (byOrigin.has(key(z.origin))) throw new Error(`lab world: zone ${z.origin} given twice`);
      byOrigin.set(key(z.origin), z);
    }
    const root = byOrigin.get('') ?? rootZone();
    byOrigin.set('', { ...root, dnssec: root.dnssec ?? LAB_ROOT_SIGNING });
    const test = byOrigin.get('test');
    if (test) byOrigin.set('test', { ...test, dnssec: test.dnssec ?? LAB_ROOT_SIGNING });

    // Nearest served ancestor of each zone; the root's children are TLDs (served or not).
    const children = new Map<string, string[]>();
    const unservedTlds = new Set<string>();
    /** zones below a TLD the lab does not serve: outside the signed tree (insecure via the root's delegation) */
    const islands: string[] = [];
    for (const origin of byOrigin.keys()) {
      if (origin === '') continue;
      let parent = origin;
      do parent = parent.includes('.') ? parent.slice(parent.indexOf('.') + 1) : '';
      while (!byOrigin.has(parent));
      if (parent === '' && origin.includes('.')) {
        unservedTlds.add(tldOf(origin));
        islands.push(origin);
        continue;
      }
      children.set(parent, [...(children.get(parent) ?? []), origin]);
    }

    const signed = new Map<string, { zone: LabZone; ds: string[] }>();
    let counter = 0;
    const signTree = async (origin: string): Promise<{ zone: LabZone; ds: string[] }> => {
      const zone = byOrigin.get(origin)!;
      const kids = await Promise.all((children.get(origin) ?? []).map(signTree));
      let result: { zone: LabZone; ds: string[] } = { zone, ds: [] };
      if (zone.dnssec) {
        const delegations = kids.flatMap((k) => delegation(k.zone, k.ds));
        if (origin === '') {
          for (const tld of unservedTlds) delegations.push({ name: `${tld}.`, type: 'NS', data: LAB_NS });
        }
        const zoneDir = await mkdtemp(join(dir, `${String(counter++).padStart(3, '0')}-`));
        result = await signZone({ ...zone, records: [...zone.records, ...delegations] }, zoneDir, options.now);
      }
      signed.set(origin, result);
      return result;
    };
    const [rootSigned] = await Promise.all([signTree(''), ...islands.map(signTree)]);

    const anchors = `${rootSigned.ds.join('\n')}\n`;
    const anchorFile = join(dir, 'lab-root.ds');
    await writeFile(anchorFile, anchors, 'utf8');
    const delvAnchorFile = join(dir, 'lab-root.delv.conf');
    await writeFile(delvAnchorFile, delvTrustAnchors(rootSigned.ds), 'utf8');

    const ordered = zones.map((z) => signed.get(key(z.origin))!.zone);
    return {
      zones: byOrigin.has('') && zones.some((z) => key(z.origin) === '') ? ordered : [rootSigned.zone, ...ordered],
      anchorFile,
      delvAnchorFile,
      anchors,
      dir,
      signingMs: Math.round(performance.now() - started),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    if (!options.dir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** DS lines as BIND's `trust-anchors` statement (static-ds), which delv's `-a` file holds. */
export function delvTrustAnchors(ds: string[]): string {
  const entries = ds.map((line) => {
    const m = /^(\S+)\s+(?:\d+\s+)?IN\s+DS\s+(\d+)\s+(\d+)\s+(\d+)\s+([0-9A-Fa-f ]+)$/.exec(line.trim());
    if (!m) throw new Error(`not a DS line: ${line}`);
    return `  ${m[1]} static-ds ${m[2]} ${m[3]} ${m[4]} "${m[5]!.replace(/\s+/g, '')}";`;
  });
  return `trust-anchors {\n${entries.join('\n')}\n};\n`;
}
