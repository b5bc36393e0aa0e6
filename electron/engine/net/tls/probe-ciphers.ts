/**
 * Cipher suites per version and the server's preference order, in as few handshakes as the answers
 * allow (the testssl.sh / sslyze method): offer every candidate, remove the one the server chose,
 * repeat until it refuses — n + 1 handshakes for n suites, per group of at most 127 candidates.
 * Server preference shows when the suites come back in an order other than ours; otherwise one more
 * handshake, offering two found suites in reverse, tells it from client preference. With server
 * preference, suites found in different groups are merged by asking the server between two.
 */
import type {
  HandshakeEvidence,
  SuitePreference,
  TlsCiphersResult,
  TlsVersionCiphers,
  TlsVersionsResult,
} from '../../../../shared/tls/profile';
import { VERSION_CODES, versionRank, type TlsVersionName } from '../../../../shared/tls/protocol';
import { baseHello, suiteChunks } from './candidates';
import type { HandshakeResult } from './handshake';
import { evidenceOf, isRefusal, suiteInfo } from './outcome';
import type { TlsProbeSession } from './session';

/**
 * Enumerates the suites of every supported version. Pass the versions step's result to reuse the
 * suite each version probe already saw chosen (one handshake less per version), or a plain list.
 */
export async function probeCipherSuites(
  session: TlsProbeSession,
  versions: TlsVersionsResult | readonly TlsVersionName[],
): Promise<TlsCiphersResult> {
  const start = session.snapshot();
  const list = 'probes' in versions ? versions.supported : versions;
  const seeds = new Map(
    'probes' in versions ? versions.probes.flatMap((p) => (p.firstChoice !== undefined ? [[p.version, p.firstChoice] as const] : [])) : [],
  );
  const results = new Map<TlsVersionName, TlsVersionCiphers>();
  await session.pool(
    [...list]
      .sort((a, b) => versionRank(b) - versionRank(a))
      .map((version) => async () => {
        if (session.interruption) return;
        results.set(version, await enumerateVersion(session, version, seeds.get(version)));
      }),
  );
  return {
    versions: [...results.values()].sort((a, b) => versionRank(a.version) - versionRank(b.version)),
    ...(session.interruption ? { interrupted: session.interruption } : {}),
    stats: session.statsSince(start),
  };
}

/** The suite a ServerHello or HelloRetryRequest chose, when it is for the version we offered. */
function chosenSuite(result: HandshakeResult, version: TlsVersionName): number | undefined {
  if (result.kind !== 'server_hello' && result.kind !== 'hello_retry_request') return undefined;
  if (result.serverHello.version !== VERSION_CODES[version]) return undefined;
  return result.serverHello.cipherSuite;
}

export async function enumerateVersion(session: TlsProbeSession, version: TlsVersionName, seed?: number): Promise<TlsVersionCiphers> {
  const ask = async (suites: readonly number[]) => {
    const result = await session.handshake(baseHello(version, suites), 'server_hello');
    session.throwIfAborted();
    return result;
  };
  const found: number[][] = [];
  let incomplete: HandshakeEvidence | undefined;

  const groups = suiteChunks(version, session.maxSuitesPerHello);
  for (const [index, group] of groups.entries()) {
    const remaining = [...group];
    const order: number[] = [];
    if (index === 0 && seed !== undefined && remaining.includes(seed)) {
      order.push(seed);
      remaining.splice(remaining.indexOf(seed), 1);
    }
    while (remaining.length > 0) {
      const result = await ask(remaining);
      const chosen = chosenSuite(result, version);
      if (chosen !== undefined && remaining.includes(chosen)) {
        order.push(chosen);
        remaining.splice(remaining.indexOf(chosen), 1);
        continue;
      }
      // Anything but a refusal (a suite we did not offer, another version, silence, garbage) leaves the list open.
      if (chosen !== undefined || !isRefusal(result)) incomplete = evidenceOf(result);
      break;
    }
    found.push(order);
    if (incomplete) break;
  }

  let suites = found.flat();
  let preference: SuitePreference = suites.length === 0 ? 'unknown' : suites.length === 1 ? 'single' : 'unknown';
  if (suites.length >= 2 && !incomplete) {
    // A server following the client's order returns its suites in our offer order; any other order
    // proves it applies its own, and no extra handshake is needed to tell.
    const inOfferOrder = found.every((order, i) =>
      order.every((c, k) => k === 0 || groups[i]!.indexOf(order[k - 1]!) < groups[i]!.indexOf(c)),
    );
    if (!inOfferOrder) preference = 'server';
    else {
      const within = found.find((o) => o.length >= 2);
      if (within) {
        // x was chosen while y was on offer: server preference keeps x when y comes first.
        const [x, y] = within as [number, number];
        const chosen = chosenSuite(await ask([y, x]), version);
        preference = chosen === x ? 'server' : chosen === y ? 'client' : 'unknown';
      } else {
        const [a, b] = suites as [number, number];
        const first = chosenSuite(await ask([a, b]), version);
        const second = first === undefined ? undefined : chosenSuite(await ask([b, a]), version);
        preference = first === undefined || second === undefined ? 'unknown' : first === second ? 'server' : 'client';
      }
    }
    const lists = found.filter((o) => o.length > 0);
    if (preference === 'server' && lists.length > 1) {
      const prefer = async (a: number, b: number): Promise<number | undefined> => {
        const result = await ask([a, b]);
        const chosen = chosenSuite(result, version);
        if (chosen === a || chosen === b) return chosen;
        incomplete = evidenceOf(result);
        return undefined;
      };
      suites = (await mergeByPreference(lists, prefer)) ?? suites;
    }
  }
  return {
    version,
    suites: suites.map((code) => suiteInfo(code, version)),
    preference,
    complete: !incomplete,
    ...(incomplete ? { incompleteBecause: incomplete } : {}),
  };
}

/**
 * Merges lists that are each in the server's order into one, asking the server to choose between
 * two suites at a time: binary insertion (about n·log2 m handshakes) when one list is short, a
 * heads merge (at most m + n − 1) otherwise. Undefined when an answer was not one of the two.
 */
export async function mergeByPreference(
  lists: readonly number[][],
  prefer: (a: number, b: number) => Promise<number | undefined>,
): Promise<number[] | undefined> {
  const [first, ...rest] = [...lists].sort((a, b) => b.length - a.length);
  let main = [...(first ?? [])];
  for (const other of rest) {
    const m = main.length;
    const n = other.length;
    if (n * Math.ceil(Math.log2(m + 1)) <= m + n - 1) {
      let lo = 0;
      for (const y of other) {
        let hi = main.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const winner = await prefer(main[mid]!, y);
          if (winner === undefined) return undefined;
          if (winner === y) hi = mid;
          else lo = mid + 1;
        }
        main.splice(lo, 0, y);
        lo++;
      }
    } else {
      const merged: number[] = [];
      let i = 0;
      let j = 0;
      while (i < main.length && j < other.length) {
        const winner = await prefer(main[i]!, other[j]!);
        if (winner === undefined) return undefined;
        merged.push(winner === main[i] ? main[i++]! : other[j++]!);
      }
      main = [...merged, ...main.slice(i), ...other.slice(j)];
    }
  }
  return main;
}
