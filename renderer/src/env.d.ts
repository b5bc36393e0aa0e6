import type { Api } from '../../electron/preload/api';

declare global {
  interface Window {
    /**
     * Set by the preload in Electron (or by a test harness in place of it). Optional because the
     * page can also be opened without either, e.g. in a plain browser, and must say so instead
     * of crashing.
     */
    readonly api?: Api;
  }
}

export {};
