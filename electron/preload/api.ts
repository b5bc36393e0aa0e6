/**
 * The API the preload exposes as `window.api`. Kept free of `electron` imports so the renderer
 * can take its type (`Api`) without pulling Electron's and Node's types into the page, and so
 * the e2e harness can build the very same object over Playwright bindings.
 */
import type { EventChannel, EventMap, InvokeChannel, InvokeMap, IpcResult } from '../../shared/ipc';

type RequestArgs<C extends InvokeChannel> = InvokeMap[C]['request'] extends undefined ? [] : [InvokeMap[C]['request']];

export type Invoke = <C extends InvokeChannel>(channel: C, ...request: RequestArgs<C>) => Promise<IpcResult<InvokeMap[C]['response']>>;

/** Registers a listener for one event channel; returns the function that removes it. */
export type Subscribe = <C extends EventChannel>(channel: C, listener: (payload: EventMap[C]) => void) => () => void;

type Request<C extends InvokeChannel> = InvokeMap[C]['request'];

/** Named functions only; each maps to one channel of shared/ipc.ts. */
export function createApi(invoke: Invoke, subscribe: Subscribe) {
  return {
    appVersion: () => invoke('app:version'),
    startAssessment: (request: Request<'assessment:start'>) => invoke('assessment:start', request),
    cancelAssessment: (request: Request<'assessment:cancel'>) => invoke('assessment:cancel', request),
    listAssessments: () => invoke('assessment:list'),
    openAssessment: (request: Request<'assessment:open'>) => invoke('assessment:open', request),
    deleteAssessment: (request: Request<'assessment:delete'>) => invoke('assessment:delete', request),
    saveAssessment: (request: Request<'assessment:save'>) => invoke('assessment:save', request),
    recordManualTest: (request: Request<'assessment:record-manual-test'>) => invoke('assessment:record-manual-test', request),
    importAssessmentJson: () => invoke('assessment:import-json'),
    exportAssessmentJson: (request: Request<'assessment:export-json'>) => invoke('assessment:export-json', request),
    exportReportPdf: (request: Request<'report:export-pdf'>) => invoke('report:export-pdf', request),
    exportPlan: (request: Request<'plan:export'>) => invoke('plan:export', request),
    trustAnchor: () => invoke('trust-anchor:get'),
    chooseTrustAnchor: () => invoke('trust-anchor:choose'),
    resetTrustAnchor: () => invoke('trust-anchor:reset'),
    tlsaFromFile: () => invoke('tlsa:from-file'),
    unlockTlsaFile: (request: Request<'tlsa:unlock'>) => invoke('tlsa:unlock', request),
    settings: () => invoke('settings:get'),
    saveSettings: (request: Request<'settings:save'>) => invoke('settings:save', request),
    pickLogo: () => invoke('settings:pick-logo'),
    writeClipboard: (request: Request<'clipboard:write'>) => invoke('clipboard:write', request),
    onAssessmentProgress: (listener: (payload: EventMap['assessment:progress']) => void) => subscribe('assessment:progress', listener),
    onAssessmentFinished: (listener: (payload: EventMap['assessment:finished']) => void) => subscribe('assessment:finished', listener),
  };
}

export type Api = ReturnType<typeof createApi>;
