/**
 * Shared settings of the property tests (issue item 8). `npm test` runs each property
 * `FUZZ_RUNS` times (default 200, a few seconds in all); `npm run fuzz` runs the same files with
 * 20 000. The seed is fixed (`FUZZ_SEED` overrides it) so a failure replays: the failure message
 * names the seed and the shrink path to pass back as `FUZZ_SEED=… FUZZ_PATH=…`.
 */
import fc from 'fast-check';

export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 200);
export const FUZZ_SEED =
  Number.isSafeInteger(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261127;
/** Per-test timeout: generous for the large run; a hang still ends the test. */
export const FUZZ_TIMEOUT_MS = Math.max(60_000, FUZZ_RUNS * 30);

/** Runs a property with the suite's run count and seed; on failure the error says how to replay it. */
export function fuzz<Ts>(property: fc.IRawProperty<Ts, false>, params: fc.Parameters<Ts> = {}): void {
  const details = fc.check(property, {
    numRuns: FUZZ_RUNS,
    seed: FUZZ_SEED,
    // Stop generating (and shrinking) well before the test's timeout; a failure found so far is still reported.
    interruptAfterTimeLimit: FUZZ_TIMEOUT_MS * 0.7,
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    ...params,
  });
  if (details.failed) {
    const replay = `replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''} FUZZ_RUNS=${FUZZ_RUNS}`;
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\n${cause}\n${replay}`);
  }
}

type Mutation = { op: 'set' | 'insert' | 'delete' | 'truncate' | 'duplicate'; at: number; byte: number; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set', 'set', 'set', 'insert', 'delete', 'truncate', 'duplicate'),
  at: fc.nat(),
  // Boundary values first: lengths and flags live in them.
  byte: fc.oneof(fc.constantFrom(0x00, 0xff, 0x7f, 0x80, 0xc0, 0x01, 0x3f, 0x40), fc.integer({ min: 0, max: 255 })),
  len: fc.integer({ min: 1, max: 64 }),
});

function applyMutation(bytes: Buffer, m: Mutation): Buffer {
  if (bytes.length === 0) return m.op === 'insert' ? Buffer.from([m.byte]) : bytes;
  const at = m.at % bytes.length;
  switch (m.op) {
    case 'set': {
      const out = Buffer.from(bytes);
      out[at] = m.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(m.len, m.byte), bytes.subarray(at)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.len)]);
    case 'truncate':
      return bytes.subarray(0, at);
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, at + m.len), bytes.subarray(at)]);
  }
}

/** Real bytes with a few mutations each (byte set, insert, delete, cut, duplicated run). */
export function mutatedBytes(seeds: readonly Buffer[], maxMutations = 6): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: maxMutations }))
    .map(([seed, ms]) => ms.reduce(applyMutation, Buffer.from(seed)));
}

/** Mutated real bytes, or any bytes at all. */
export function hostileBytes(seeds: readonly Buffer[], maxLength = 1024): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 4, arbitrary: mutatedBytes(seeds) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength }).map((b) => Buffer.from(b)) },
  );
}

/** Real text with a few edits: characters replaced, inserted or removed, parts repeated. */
export function mutatedText(seeds: readonly string[], alphabet: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({
    op: fc.constantFrom('set', 'insert', 'delete', 'repeat'),
    at: fc.nat(),
    text: alphabet,
    len: fc.integer({ min: 1, max: 16 }),
  });
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([seed, edits]) =>
    edits.reduce((s, e) => {
      const at = s.length ? e.at % (s.length + 1) : 0;
      switch (e.op) {
        case 'set':
          return s.slice(0, at) + e.text + s.slice(at + 1);
        case 'insert':
          return s.slice(0, at) + e.text + s.slice(at);
        case 'delete':
          return s.slice(0, at) + s.slice(at + e.len);
        default:
          return s.slice(0, at + e.len) + s.slice(at);
      }
    }, seed),
  );
}
