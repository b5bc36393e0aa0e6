import { describe, expect, it, vi } from 'vitest';
import { currentFake } from '../fake-electron';

vi.mock('electron', async () => (await import('../fake-electron')).createFakeElectron());

async function exposed() {
  await import('../../../electron/preload/index');
  const fake = currentFake();
  expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  return { fake, key, api };
}

describe('preload', () => {
  it('exposes window.api with named functions only', async () => {
    const { fake, key, api } = await exposed();
    expect(key).toBe('api');
    expect(Object.keys(api)).toEqual(['appVersion']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(fake.ipcRenderer);
    expect(Object.values(api)).not.toContain(fake.ipcRenderer.invoke);
  });

  it('appVersion invokes app:version with no payload and returns the main process result', async () => {
    const { fake, api } = await exposed();
    const answer = { ok: true, value: { version: '0.1.0' } };
    fake.ipcRenderer.invoke.mockResolvedValueOnce(answer);
    const appVersion = api['appVersion'] as () => Promise<unknown>;
    await expect(appVersion()).resolves.toBe(answer);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('app:version');
  });
});
