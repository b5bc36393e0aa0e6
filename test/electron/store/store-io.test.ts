/**
 * The store's file-system discipline, watched through a spying `node:fs/promises`: every file
 * written goes through one atomic write (temporary file, fsync, rename, fsync of the folder), and
 * listing does not read and evaluate every saved file again when nothing changed.
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleAssessment } from './sample';

/** Calls of interest, in order: which paths were opened (and synced), read, renamed. */
const calls: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (file, flags, mode) => {
    const handle = await actual.open(file, flags, mode);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      calls.push(`sync|${String(file)}`);
      return sync();
    };
    calls.push(`open|${String(file)}|${String(flags)}`);
    return handle;
  };
  const readFile = (async (...args: Parameters<typeof actual.readFile>) => {
    calls.push(`read|${String(args[0])}`);
    return actual.readFile(...args);
  }) as typeof actual.readFile;
  const rename: typeof actual.rename = async (from, to) => {
    calls.push(`rename|${String(to)}`);
    return actual.rename(from, to);
  };
  const mocked = { ...actual, open, readFile, rename };
  return { ...mocked, default: mocked };
});

const { AssessmentStore, writeFileAtomically } = await import('../../../electron/store/assessment-store');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mailaudit-store-io-'));
  calls.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';

/** The steps of one atomic write of `file`: temp written and synced, renamed, folder synced. */
function atomicSteps(file: string): string[] {
  const folder = path.dirname(file);
  const renameAt = calls.indexOf(`rename|${file}`);
  const before = calls.slice(0, renameAt);
  const after = calls.slice(renameAt + 1);
  const temp = before
    .filter((c) => c.startsWith('open|') && c.endsWith('|wx'))
    .at(-1)
    ?.split('|')[1];
  return [
    temp !== undefined && before.includes(`sync|${temp}`) ? 'temp synced' : 'temp not synced',
    renameAt >= 0 ? 'renamed' : 'not renamed',
    after.includes(`sync|${folder}`) ? 'folder synced' : 'folder not synced',
  ];
}

describe.runIf(process.platform !== 'win32')('one atomic write for every file', () => {
  it('saving an assessment syncs the data, renames, then syncs the folder', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A }));
    expect(atomicSteps(path.join(dir, `${ID_A}.json`))).toEqual(['temp synced', 'renamed', 'folder synced']);
  });

  it('an export (writeFileAtomically) also syncs the folder after the rename', async () => {
    const file = path.join(dir, 'MailAudit firma.cz 2026-03-01.json');
    await writeFileAtomically(file, '{}\n');
    expect(atomicSteps(file)).toEqual(['temp synced', 'renamed', 'folder synced']);
  });
});

describe('listing saved assessments', () => {
  const reads = () => calls.filter((c) => c.startsWith('read|')).length;

  it('reads each file once and answers later listings from a cache keyed by modification time', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A }));
    await store.save(sampleAssessment({ id: ID_B, domain: 'nova.cz' }));
    calls.length = 0;
    const first = await store.list();
    expect(first.items).toHaveLength(2);
    expect(reads()).toBe(2);
    const second = await store.list();
    expect(second).toEqual(first);
    expect(reads()).toBe(2);
  });

  it('reads a file again after it changed, and only that one', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A }));
    await store.save(sampleAssessment({ id: ID_B, domain: 'nova.cz' }));
    await store.list();
    calls.length = 0;
    await store.save(sampleAssessment({ id: ID_A, domain: 'zmeneno.cz' }));
    const { items } = await store.list();
    expect(items.map((i) => i.domain).sort()).toEqual(['nova.cz', 'zmeneno.cz']);
    expect(calls.filter((c) => c.startsWith('read|'))).toEqual([`read|${path.join(dir, `${ID_A}.json`)}`]);
  });

  it('notices a file replaced from outside with the same size (mtime changed)', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A, toolVersion: '0.1.0' }));
    await store.list();
    const file = path.join(dir, `${ID_A}.json`);
    await writeFile(file, `${JSON.stringify(sampleAssessment({ id: ID_A, toolVersion: '0.2.0', domain: 'jina.cz' }), null, 2)}\n`);
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    expect((await store.list()).items.map((i) => i.domain)).toEqual(['jina.cz']);
  });

  it('caches a corrupt file as a problem too, and forgets removed files', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A }));
    await writeFile(path.join(dir, `${ID_B}.json`), '{ not json');
    calls.length = 0;
    const first = await store.list();
    expect(first.items.map((i) => i.id)).toEqual([ID_A]);
    expect(first.problems).toMatchObject([{ file: `${ID_B}.json`, reason: 'invalid_json' }]);
    expect(reads()).toBe(2);
    expect(await store.list()).toEqual(first);
    expect(reads()).toBe(2);
    await store.remove(ID_A);
    expect((await store.list()).items).toEqual([]);
    expect(reads()).toBe(2);
  });
});
