/**
 * The Electron fuses electron-builder flips in the packaged binary
 * (https://www.electronjs.org/docs/latest/tutorial/fuses), read from electron-builder.yml.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml electronFuses', () => {
  it('sets exactly the intended fuses', () => {
    expect(config['electronFuses']).toStrictEqual({
      // no plain Node runtime, no NODE_OPTIONS, no --inspect: the binary cannot be instrumented
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      // only the integrity-checked app.asar is loaded
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // the page comes from app://, so file:// needs none of its extra privileges
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into an asar archive (the integrity fuses check it)', () => {
    expect(config['asar']).toBe(true);
  });
});
