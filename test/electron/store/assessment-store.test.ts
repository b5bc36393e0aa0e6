import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssessmentStore, parseAssessmentJson, StoreError, writeFileAtomically } from '../../../electron/store/assessment-store';
import { parseAssessment } from '../../../shared/assessment';
import { sampleAssessment } from './sample';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mailaudit-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';
const ID_C = '33333333-3333-4333-8333-333333333333';

describe('AssessmentStore', () => {
  it('saves an assessment and reads back the same document', async () => {
    const store = new AssessmentStore(path.join(dir, 'assessments'));
    const assessment = sampleAssessment({ id: ID_A, clientName: 'Firma s.r.o.' });
    await store.save(assessment);
    expect(await store.read(ID_A)).toEqual(assessment);
    expect(await readdir(store.dir)).toEqual([`${ID_A}.json`]);
  });

  it('lists domain and date, newest first, with finding counts', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A, domain: 'stara.cz', startedAt: '2026-01-05T08:00:00.000Z' }));
    await store.save(sampleAssessment({ id: ID_B, domain: 'nova.cz', startedAt: '2026-04-02T08:00:00.000Z', findings: 3 }));
    await store.save(sampleAssessment({ id: ID_C, domain: 'xn--pklad-zsa96e.cz', startedAt: '2026-02-10T08:00:00.000Z' }));
    const { items, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(items.map((i) => [i.domain, i.startedAt])).toEqual([
      ['nova.cz', '2026-04-02T08:00:00.000Z'],
      ['xn--pklad-zsa96e.cz', '2026-02-10T08:00:00.000Z'],
      ['stara.cz', '2026-01-05T08:00:00.000Z'],
    ]);
    expect(items[0]?.counts).toMatchObject({ fail: 2, pass: 1, warning: 0 });
    // The catalogue's verdict (DMARC missing fails requirement 7), not one of the store's own.
    expect(items[0]?.overall).toBe('fail');
  });

  it('lists nothing (and creates nothing) when the folder does not exist yet', async () => {
    const store = new AssessmentStore(path.join(dir, 'never-created'));
    expect(await store.list()).toEqual({ items: [], problems: [] });
  });

  it('overwrites a saved assessment in place', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A, toolVersion: '0.1.0' }));
    await store.save(sampleAssessment({ id: ID_A, toolVersion: '0.2.0' }));
    expect((await store.read(ID_A)).toolVersion).toBe('0.2.0');
    expect(await readdir(dir)).toEqual([`${ID_A}.json`]);
  });

  it('ignores and removes a half-written temporary file left by a crash', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A }));
    const full = JSON.stringify(sampleAssessment({ id: ID_B }));
    const stray = path.join(dir, `.${ID_B}.json.a1b2c3d4e5f6.tmp`);
    await writeFile(stray, full.slice(0, Math.floor(full.length / 2)));
    const { items, problems } = await store.list();
    expect(items.map((i) => i.id)).toEqual([ID_A]);
    expect(problems).toEqual([]);
    expect(await readdir(dir)).toEqual([`${ID_A}.json`]);
  });

  it('keeps the previous version when the process dies between writing and renaming', async () => {
    const crashing = new AssessmentStore(dir, {
      beforeRename: () => {
        throw new Error('simulated crash before rename');
      },
    });
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A, toolVersion: '0.1.0' }));
    await expect(crashing.save(sampleAssessment({ id: ID_A, toolVersion: '0.2.0' }))).rejects.toThrow('simulated crash');
    expect((await store.read(ID_A)).toolVersion).toBe('0.1.0');
    expect(await readdir(dir)).toEqual([`${ID_A}.json`]);
  });

  it('reports a corrupt or foreign file and still lists the good ones', async () => {
    const store = new AssessmentStore(dir);
    await store.save(sampleAssessment({ id: ID_A }));
    await writeFile(path.join(dir, `${ID_B}.json`), '{"schemaVersion": 1, "id": "trunc');
    await writeFile(path.join(dir, `${ID_C}.json`), JSON.stringify({ schemaVersion: 99, id: ID_C }));
    await writeFile(path.join(dir, 'notes.txt'), 'not ours');
    const { items, problems } = await store.list();
    expect(items.map((i) => i.id)).toEqual([ID_A]);
    expect(problems.map((p) => [p.file, p.reason])).toEqual([
      [`${ID_B}.json`, 'invalid_json'],
      [`${ID_C}.json`, 'invalid_assessment'],
    ]);
    await expect(store.read(ID_B)).rejects.toMatchObject({ code: 'corrupt' });
  });

  it('refuses a file whose name does not match the id inside (a copy made by hand)', async () => {
    const store = new AssessmentStore(dir);
    await writeFile(path.join(dir, `${ID_B}.json`), JSON.stringify(sampleAssessment({ id: ID_A })));
    const { items, problems } = await store.list();
    expect(items).toEqual([]);
    expect(problems[0]).toMatchObject({ file: `${ID_B}.json`, reason: 'invalid_assessment' });
  });

  it.each([
    ['a path traversal', '../outside'],
    ['a separator', 'a/b'],
    ['an empty id', ''],
    ['a hidden name', '.hidden'],
  ])('refuses %s as an id', async (_label, id) => {
    const store = new AssessmentStore(dir);
    await expect(store.read(id)).rejects.toBeInstanceOf(StoreError);
    await expect(store.save(sampleAssessment({ id }))).rejects.toMatchObject({ code: 'invalid_id' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads a missing id as not_found and removes a saved one', async () => {
    const store = new AssessmentStore(dir);
    await expect(store.read(ID_A)).rejects.toMatchObject({ code: 'not_found' });
    await store.save(sampleAssessment({ id: ID_A }));
    expect(await store.remove(ID_A)).toBe(true);
    expect(await store.remove(ID_A)).toBe(false);
    expect((await store.list()).items).toEqual([]);
  });
});

describe('crash of a real process in the middle of saving', () => {
  const script = path.resolve(import.meta.dirname, 'crash-writer.ts');

  function writer(mode: 'loop' | 'stop-at-rename') {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const waitFor = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => {
          if (pattern.test(output)) {
            clearInterval(poll);
            resolve();
          } else if (child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`writer exited early: ${errors}`));
          }
        }, 5);
      });
    return { child, exited, waitFor };
  }

  it('SIGKILL just before the rename: the previous version survives, the temporary file is cleaned up', async () => {
    const { child, exited, waitFor } = writer('stop-at-rename');
    await waitFor(/at-rename/);
    const before = await readdir(dir);
    expect(before.filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = new AssessmentStore(dir);
    const { items, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(items.map((i) => i.id)).toEqual(['crash-victim']);
    expect((await store.read('crash-victim')).toolVersion).toBe('0.0.0');
    expect(await readdir(dir)).toEqual(['crash-victim.json']);
  });

  it('SIGKILL at an arbitrary moment of repeated saves: the file is always one complete version', async () => {
    for (const delayMs of [0, 7, 23]) {
      const { child, exited, waitFor } = writer('loop');
      await waitFor(/saved 2\n/);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      await exited;

      const file = path.join(dir, 'crash-victim.json');
      const parsed = parseAssessmentJson(await readFile(file, 'utf8'));
      expect(parsed.ok, `after a kill at +${delayMs} ms`).toBe(true);
      const store = new AssessmentStore(dir);
      const { items, problems } = await store.list();
      expect(problems).toEqual([]);
      expect(items).toHaveLength(1);
      expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
  });
});

describe('writeFileAtomically', () => {
  it('replaces the target with the complete new content and leaves no temporary file', async () => {
    const target = path.join(dir, 'Posouzení firma.cz.json');
    await writeFile(target, 'old');
    await writeFileAtomically(target, '{"new": true}');
    expect(await readFile(target, 'utf8')).toBe('{"new": true}');
    expect(await readdir(dir)).toEqual(['Posouzení firma.cz.json']);
  });

  it('fails cleanly when the folder does not exist', async () => {
    await expect(writeFileAtomically(path.join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('parseAssessmentJson', () => {
  it('accepts exactly what parseAssessment accepts', () => {
    const good = sampleAssessment();
    expect(parseAssessmentJson(JSON.stringify(good))).toEqual({ ok: true, assessment: parseAssessment(good).ok ? good : undefined });
    expect(parseAssessmentJson('nope')).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(parseAssessmentJson('{"schemaVersion":1}')).toMatchObject({ ok: false, reason: 'invalid_assessment' });
  });
});
