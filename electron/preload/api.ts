/**
 * The API the preload exposes as `window.api`. Kept free of `electron` imports so the renderer
 * can take its type (`Api`) without pulling Electron's and Node's types into the page.
 */
import type { InvokeChannel, InvokeMap, IpcResult } from '../../shared/ipc';

type RequestArgs<C extends InvokeChannel> = InvokeMap[C]['request'] extends undefined ? [] : [InvokeMap[C]['request']];

export type Invoke = <C extends InvokeChannel>(
  channel: C,
  ...request: RequestArgs<C>
) => Promise<IpcResult<InvokeMap[C]['response']>>;

/** Named functions only; each maps to one channel of shared/ipc.ts. */
export function createApi(invoke: Invoke) {
  return {
    appVersion: () => invoke('app:version'),
  };
}

export type Api = ReturnType<typeof createApi>;
