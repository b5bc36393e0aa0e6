import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../../../electron/preload/api';
import { EVENT_CHANNELS, invokeContract } from '../../../shared/ipc';
import { currentFake } from '../fake-electron';

vi.mock('electron', async () => (await import('../fake-electron')).createFakeElectron());

async function exposed() {
  await import('../../../electron/preload/index');
  const fake = currentFake();
  expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  return { fake, key, api };
}

/** Which channel each API function uses, found by calling it with a recording invoke/subscribe. */
function channelsOf(): Record<string, string> {
  const used: Record<string, string> = {};
  let current = '';
  const api = createApi(
    ((channel: string) => {
      used[current] = channel;
      return Promise.resolve({ ok: true, value: undefined });
    }) as never,
    ((channel: string) => {
      used[current] = channel;
      return () => {};
    }) as never,
  );
  for (const [name, fn] of Object.entries(api)) {
    current = name;
    (fn as (arg?: unknown) => unknown)(undefined);
  }
  return used;
}

describe('preload', () => {
  it('exposes window.api with named functions only', async () => {
    const { fake, key, api } = await exposed();
    expect(key).toBe('api');
    expect(Object.keys(api).sort()).toEqual(Object.keys(channelsOf()).sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(fake.ipcRenderer);
    expect(Object.values(api)).not.toContain(fake.ipcRenderer.invoke);
    expect(Object.values(api)).not.toContain(fake.ipcRenderer.on);
  });

  it('covers every invoke channel and every event channel of the contract, one function each', () => {
    const used = Object.values(channelsOf());
    expect([...used].sort()).toEqual([...Object.keys(invokeContract), ...EVENT_CHANNELS].sort());
    expect(new Set(used).size).toBe(used.length);
  });

  it('appVersion invokes app:version with no payload and returns the main process result', async () => {
    const { fake, api } = await exposed();
    const answer = { ok: true, value: { version: '0.1.0' } };
    fake.ipcRenderer.invoke.mockResolvedValueOnce(answer);
    const appVersion = api['appVersion'] as () => Promise<unknown>;
    await expect(appVersion()).resolves.toBe(answer);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('app:version');
  });

  it('passes a request as the single payload', async () => {
    const { fake, api } = await exposed();
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { runId: 'r1', checks: [] } });
    const start = api['startAssessment'] as (r: unknown) => Promise<unknown>;
    await start({ domain: 'firma.cz' });
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith('assessment:start', { domain: 'firma.cz' });
  });

  it('delivers event payloads without the IpcRendererEvent and unsubscribes the same listener', async () => {
    const { fake, api } = await exposed();
    const removeListener = vi.fn();
    Object.assign(fake.ipcRenderer, { removeListener });
    const listener = vi.fn();
    const unsubscribe = (api['onAssessmentProgress'] as (l: (p: unknown) => void) => () => void)(listener);
    const [channel, wrapped] = fake.ipcRenderer.on.mock.calls.at(-1) as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe('assessment:progress');
    const payload = { runId: 'r1', event: { type: 'check-started', checkId: 'mx', at: '2026-01-01T00:00:00Z' } };
    wrapped({ sender: 'the ipcRenderer event must not reach the page' }, payload);
    expect(listener).toHaveBeenCalledWith(payload);
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(removeListener).toHaveBeenCalledWith('assessment:progress', wrapped);
  });
});
