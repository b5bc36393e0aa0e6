/**
 * The settings store (branding): one JSON file written atomically, read back through its zod
 * schema; a damaged or older file reads as the defaults with a notice, never a crash; a logo is
 * kept as a checked copy in the settings folder, and a file that is not a PNG or JPEG (renamed,
 * truncated, too large, too many pixels) is refused with the settings left as they were.
 */
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCENT, MAX_LOGO_BYTES, type BrandingFields } from '../../../shared/branding';
import { LogoError } from '../../../electron/report/branding';
import { AssessmentInputError, engineSettings, portReference } from '../../../electron/engine/engine';
import { NetworkSettingsError, SettingsStore } from '../../../electron/store/settings-store';
import { solidPng } from '../report/images';

let dir: string;
let settingsDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mailaudit-settings-'));
  settingsDir = path.join(dir, 'settings');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FIELDS: BrandingFields = {
  firmName: 'Bezpečná pošta s.r.o.',
  accentColor: '#0a7f5a',
  signature: { name: 'Jana Nováková', role: 'auditorka', place: 'Brno', date: '' },
};

async function file(name: string, bytes: Uint8Array): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, bytes);
  return p;
}

describe('SettingsStore', () => {
  it('reads the defaults, without a notice, when nothing was saved', async () => {
    const read = await new SettingsStore(settingsDir).read();
    expect(read).toEqual({
      branding: { firmName: '', accentColor: DEFAULT_ACCENT, signature: { name: '', role: '', date: '', place: '' } },
    });
    expect(await new SettingsStore(settingsDir).reportBranding()).toBeUndefined();
  });

  it('saves the fields atomically into settings.json and reads them back', async () => {
    const store = new SettingsStore(settingsDir);
    await store.saveFields(FIELDS);
    const json = JSON.parse(await readFile(path.join(settingsDir, 'settings.json'), 'utf8')) as unknown;
    expect(json).toEqual({ version: 1, branding: FIELDS });
    expect(await new SettingsStore(settingsDir).read()).toEqual({ branding: FIELDS });
    if (process.platform !== 'win32') expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect(await readdir(settingsDir)).toEqual(['settings.json']);
  });

  it('keeps the old file when the write dies before the rename, and leaves no temporary file', async () => {
    await new SettingsStore(settingsDir).saveFields(FIELDS);
    const crashing = new SettingsStore(settingsDir, {
      beforeRename: () => {
        throw new Error('power cut');
      },
    });
    await expect(crashing.saveFields({ ...FIELDS, firmName: 'Jiná firma' })).rejects.toThrow('power cut');
    expect((await crashing.read()).branding.firmName).toBe(FIELDS.firmName);
    expect(await readdir(settingsDir)).toEqual(['settings.json']);
  });

  it('refuses invalid fields before writing anything', async () => {
    const store = new SettingsStore(settingsDir);
    await expect(store.saveFields({ ...FIELDS, accentColor: 'red' })).rejects.toThrow(/RRGGBB/);
    await expect(store.saveFields({ ...FIELDS, firmName: 'x'.repeat(121) })).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    ['invalid_json', '{"version": 1, "branding": {'],
    ['invalid_settings', JSON.stringify({ version: 0, firm: 'Stará verze' })],
    ['invalid_settings', JSON.stringify({ version: 1, branding: { ...FIELDS, accentColor: 'blue' } })],
    ['invalid_settings', JSON.stringify({ version: 1, branding: { ...FIELDS, logo: { file: '../../etc/passwd', type: 'png' } } })],
  ])('reads a damaged or older file as the defaults with the notice %s', async (notice, text) => {
    await new SettingsStore(settingsDir).saveFields(FIELDS);
    await writeFile(path.join(settingsDir, 'settings.json'), text);
    const store = new SettingsStore(settingsDir);
    const read = await store.read();
    expect(read.notice).toBe(notice);
    expect(read.detail).toBeTruthy();
    expect(read.branding.firmName).toBe('');
    expect(await store.reportBranding()).toBeUndefined();
    // Saving over it works and clears the notice.
    await store.saveFields(FIELDS);
    expect(await store.read()).toEqual({ branding: FIELDS });
  });

  describe('the network reference hosts', () => {
    const NETWORK = { port25Reference: 'mx.reference.example:2525', portReference: '  reference.example ' };

    it('saves them trimmed beside the branding, keeps them on later saves and clears them when empty', async () => {
      const store = new SettingsStore(settingsDir);
      const saved = await store.saveFields(FIELDS, { network: NETWORK });
      const expected = { port25Reference: 'mx.reference.example:2525', portReference: 'reference.example' };
      expect(saved).toEqual({ branding: FIELDS, network: expected });
      const json = JSON.parse(await readFile(store.file, 'utf8')) as unknown;
      expect(json).toEqual({ version: 1, branding: FIELDS, network: expected });
      expect(await new SettingsStore(settingsDir).read()).toEqual({ branding: FIELDS, network: expected });
      // Saving the branding alone, or a logo, keeps them.
      await store.saveFields({ ...FIELDS, firmName: 'Jiná firma' });
      await store.setLogo(await file('logo.png', solidPng(10, 10, '#ff8800')));
      expect((await store.read()).network).toEqual(expected);
      // Empty fields unset them; the file then has no network part.
      expect(await store.saveFields(FIELDS, { network: { port25Reference: ' ', portReference: '' } })).toEqual({
        branding: expect.objectContaining(FIELDS) as unknown,
      });
      expect(JSON.parse(await readFile(store.file, 'utf8'))).not.toHaveProperty('network');
    });

    it.each([
      ['an IPv4 address with a port', { port25Reference: '192.0.2.25:25' }],
      ['an IPv6 address in brackets', { port25Reference: '[2001:db8::25]:2525', portReference: '[2001:db8::443]' }],
      ['an IDN', { portReference: 'pošta.example' }],
    ])('accepts %s, as the engine does', async (_name, network) => {
      expect((await new SettingsStore(settingsDir).saveFields(FIELDS, { network })).network).toEqual(network);
    });

    it.each([
      ['port25Reference', 'mx.reference.example:70000', /not 1–65535/],
      ['port25Reference', 'not a host', /not a host name/],
      ['port25Reference', 'localhost', /not a host name/],
      ['port25Reference', '2001:db8::1:25', /HOST\[:PORT\]/],
      ['portReference', 'reference.example:443', /without a port/],
      ['portReference', 'reference..example', /not a host name/],
    ] as const)('refuses %s %j like the engine, before writing anything', async (field, value, reason) => {
      const store = new SettingsStore(settingsDir);
      const error = await store.saveFields(FIELDS, { network: { [field]: value } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkSettingsError);
      expect(error).toMatchObject({ field, value, detail: expect.stringMatching(reason) as unknown });
      await expect(readdir(dir)).resolves.toEqual([]);
      // The engine refuses the same value with its own error.
      const engine =
        field === 'port25Reference' ? engineSettings({ port25ReferenceHost: value }) : Promise.resolve().then(() => portReference(value));
      await expect(engine).rejects.toBeInstanceOf(AssessmentInputError);
    });

    it('refuses a host over the length limit or with control characters', async () => {
      const store = new SettingsStore(settingsDir);
      await expect(store.saveFields(FIELDS, { network: { portReference: `${'a'.repeat(300)}.example` } })).rejects.toThrow();
      await expect(store.saveFields(FIELDS, { network: { portReference: 'a.example\u0007' } })).rejects.toThrow(/control/);
      await expect(readdir(dir)).resolves.toEqual([]);
    });

    it('reads an older version 1 file without the network part', async () => {
      await new SettingsStore(settingsDir).saveFields(FIELDS);
      await writeFile(path.join(settingsDir, 'settings.json'), JSON.stringify({ version: 1, branding: FIELDS }));
      const store = new SettingsStore(settingsDir);
      expect(await store.read()).toEqual({ branding: FIELDS });
      expect(await store.saveFields(FIELDS, { network: { portReference: 'reference.example' } })).toEqual({
        branding: FIELDS,
        network: { portReference: 'reference.example' },
      });
    });

    it('drops a host edited by hand into one the engine refuses, with a notice, and keeps the branding', async () => {
      await new SettingsStore(settingsDir).saveFields(FIELDS);
      const text = JSON.stringify({
        version: 1,
        branding: FIELDS,
        network: { port25Reference: 'mx.example:0', portReference: 'ok.example' },
      });
      await writeFile(path.join(settingsDir, 'settings.json'), text);
      const read = await new SettingsStore(settingsDir).read();
      expect(read).toMatchObject({
        branding: FIELDS,
        notice: 'invalid_network',
        detail: expect.stringContaining('port25Reference') as unknown,
      });
      expect(read.network).toBeUndefined();
    });
  });

  it('keeps a checked copy of the logo, not a path to the picked file', async () => {
    const store = new SettingsStore(settingsDir);
    await store.saveFields(FIELDS);
    const png = solidPng(300, 120, '#ff8800');
    const source = await file('firma-logo.png', png);
    const read = await store.setLogo(source);
    expect(read.branding).toMatchObject({
      ...FIELDS,
      logo: { type: 'png', width: 300, height: 120, bytes: png.length, originalName: 'firma-logo.png' },
    });
    await rm(source);
    const copy = read.branding.logo!.file;
    expect(copy).toMatch(/^logo-[0-9a-f]{16}\.png$/);
    expect(await readFile(path.join(settingsDir, copy))).toEqual(png);
    const branding = await new SettingsStore(settingsDir).reportBranding();
    expect(branding?.firmName).toBe(FIELDS.firmName);
    expect(Buffer.from(branding!.logo!.bytes)).toEqual(png);
    // Saving the fields keeps the logo; removeLogo drops it and its copy.
    expect((await store.saveFields({ ...FIELDS, firmName: 'Nová firma' })).branding.logo?.file).toBe(copy);
    expect((await store.saveFields(FIELDS, { removeLogo: true })).branding.logo).toBeUndefined();
    expect(await readdir(settingsDir)).toEqual(['settings.json']);
  });

  it('replaces the previous logo copy', async () => {
    const store = new SettingsStore(settingsDir);
    const first = (await store.setLogo(await file('a.png', solidPng(10, 10, '#ff0000')))).branding.logo!.file;
    const second = (await store.setLogo(await file('b.png', solidPng(10, 10, '#00ff00')))).branding.logo!.file;
    expect(second).not.toBe(first);
    expect((await readdir(settingsDir)).sort()).toEqual([second, 'settings.json'].sort());
  });

  describe('refuses a logo that is not a usable PNG or JPEG, leaving the settings as they were', () => {
    const png = solidPng(64, 32, '#ff8800');
    const cases: [string, () => Uint8Array, LogoError['problem']][] = [
      ['a text file renamed to .png', () => Buffer.from('Tohle není obrázek, jen přejmenovaný text.\n'), 'not_image'],
      ['a PDF renamed to .jpg', () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'not_image'],
      ['a PNG cut off in its image data', () => png.subarray(0, png.length - 20), 'truncated'],
      ['a PNG cut off inside its header', () => png.subarray(0, 20), 'truncated'],
      ['a PNG with a damaged byte', () => Buffer.from(png.map((b, i) => (i === 40 ? b ^ 0xff : b))), 'truncated'],
      ['a PNG over 4096 px wide', () => solidPng(5000, 1, '#000000'), 'too_many_pixels'],
      ['a PNG with no IHDR first', () => Buffer.concat([png.subarray(0, 8), png.subarray(33)]), 'not_image'],
      ['a JPEG with only its magic bytes', () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]), 'truncated'],
    ];
    it.each(cases)('%s', async (_name, bytes, problem) => {
      const store = new SettingsStore(settingsDir);
      await store.saveFields(FIELDS);
      const source = await file('logo.png', bytes());
      const error = await store.setLogo(source).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LogoError);
      expect((error as LogoError).problem).toBe(problem);
      expect(await store.read()).toEqual({ branding: FIELDS });
      expect(await readdir(settingsDir)).toEqual(['settings.json']);
    });

    it('a file over 1 MiB, without reading it whole', async () => {
      const store = new SettingsStore(settingsDir);
      const source = await file('huge.png', png);
      await truncate(source, MAX_LOGO_BYTES + 1);
      await expect(store.setLogo(source)).rejects.toMatchObject({ problem: 'too_large' });
      expect(await store.read()).toEqual({ branding: expect.objectContaining({ firmName: '' }) as unknown });
    });

    it('a file that is not there', async () => {
      await expect(new SettingsStore(settingsDir).setLogo(path.join(dir, 'missing.png'))).rejects.toMatchObject({ problem: 'unreadable' });
    });
  });

  it('drops a logo copy damaged on disk, with a notice, and keeps the rest', async () => {
    const store = new SettingsStore(settingsDir);
    await store.saveFields(FIELDS);
    const copy = (await store.setLogo(await file('logo.png', solidPng(50, 20, '#ff8800')))).branding.logo!.file;
    await truncate(path.join(settingsDir, copy), 30);
    const read = await store.read();
    expect(read.notice).toBe('logo_missing');
    expect(read.branding).toEqual(FIELDS);
    const branding = await store.reportBranding();
    expect(branding?.firmName).toBe(FIELDS.firmName);
    expect(branding?.logo).toBeUndefined();
  });

  it('runs concurrent saves one after another, losing neither', async () => {
    const store = new SettingsStore(settingsDir);
    const source = await file('logo.png', solidPng(20, 20, '#ff8800'));
    await Promise.all([store.setLogo(source), store.saveFields(FIELDS)]);
    const read = await store.read();
    expect(read.branding.firmName).toBe(FIELDS.firmName);
    expect(read.branding.logo?.type).toBe('png');
  });
});
