/**
 * The IPC contract (DESIGN §3.7), declared once: every channel the renderer may invoke, named
 * `domain:verb`, with the zod schema of its request (validated by the main process) and of its
 * response. The preload and the renderer import only the types derived here.
 */
import { z } from 'zod';

export const invokeContract = {
  'app:version': {
    request: z.undefined(),
    response: z.object({ version: z.string() }),
  },
} as const;

export type InvokeChannel = keyof typeof invokeContract;

/** Channel → what the renderer sends and what it gets back. */
export type InvokeMap = {
  [C in InvokeChannel]: {
    request: z.input<(typeof invokeContract)[C]['request']>;
    response: z.output<(typeof invokeContract)[C]['response']>;
  };
};

/** The request as the main-process handler receives it, after validation and transforms. */
export type ParsedRequest<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['request']>;

/**
 * Channel → payload of events the main process pushes to the renderer (e.g. assessment
 * progress). None yet; they follow the same `domain:verb` naming.
 */
export interface EventMap {}

export type EventChannel = keyof EventMap;

export const IPC_ERROR_CODES = ['forbidden', 'invalid_payload', 'internal'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

/** Every invoke answers with a result instead of rejecting, so the renderer handles failures as data. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
