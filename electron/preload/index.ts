/**
 * Preload (sandboxed, emitted as CommonJS): exposes named functions only, never ipcRenderer
 * itself, so the page can call exactly the channels of shared/ipc.ts and nothing else.
 * A sandboxed preload can require only `electron`: imports from shared/ stay type-only.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApi, type Invoke } from './api';

const invoke: Invoke = (channel, ...request) => ipcRenderer.invoke(channel, ...request);

const api = createApi(invoke);

export type Api = typeof api;

contextBridge.exposeInMainWorld('api', api);
