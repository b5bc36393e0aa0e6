/**
 * Preload (sandboxed, emitted as CommonJS): exposes named functions only, never ipcRenderer
 * itself, so the page can call exactly the channels of shared/ipc.ts and nothing else.
 * A sandboxed preload can require only `electron`: imports from shared/ stay type-only.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApi, type Invoke, type Subscribe } from './api';

const invoke: Invoke = (channel, ...request) => ipcRenderer.invoke(channel, ...request);

// The page's listener receives the payload only: the IpcRendererEvent (with its `sender`) stays here.
const subscribe: Subscribe = (channel, listener) => {
  const wrapped = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
};

const api = createApi(invoke, subscribe);

export type Api = typeof api;

contextBridge.exposeInMainWorld('api', api);
