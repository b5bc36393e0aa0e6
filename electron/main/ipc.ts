/**
 * Main-process side of the IPC contract: each handler first checks who is calling (only the
 * app's own top-level page) and what it sent (the channel's zod schema), and answers with an
 * IpcResult instead of throwing across the process boundary.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { invokeContract, type InvokeChannel, type InvokeMap, type IpcError, type IpcResult, type ParsedRequest } from '../../shared/ipc';
import { isAppUrl, type AppLocation } from './security';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * Trusts a message only from the main frame of the app page: not from a sub-frame, not from a
 * frame that has navigated elsewhere, not from a frame already gone (senderFrame null).
 */
export function appSenderCheck(location: AppLocation): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null) return false;
    return isAppUrl(frame.url, location);
  };
}

export type InvokeHandler<Request, Response> = (request: Request, event: IpcMainInvokeEvent) => Response | Promise<Response>;

export type InvokeHandlers = {
  [C in InvokeChannel]: InvokeHandler<ParsedRequest<C>, InvokeMap[C]['response']>;
};

function failure(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/**
 * Thrown by a handler for a failure the renderer should show as such (a file that is not an
 * assessment, a domain that does not exist); anything else thrown becomes `internal`.
 */
export class IpcFailure extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
    /** i18n key of the message for the user */
    readonly key?: string,
    readonly params?: Record<string, string>,
  ) {
    super(message);
    this.name = 'IpcFailure';
  }

  toIpcError(): IpcError {
    return {
      code: this.code,
      message: this.message,
      ...(this.key ? { key: this.key } : {}),
      ...(this.params ? { params: this.params } : {}),
    };
  }
}

/** The guarded listener for one channel; exported for tests and for channels added later. */
export function guardedHandler<S extends z.ZodType, Response>(
  channel: string,
  schema: S,
  handler: InvokeHandler<z.output<S>, Response>,
  isTrustedSender: SenderCheck,
): (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcResult<Response>> {
  return async (event, ...args) => {
    if (!isTrustedSender(event)) {
      console.warn(`IPC ${channel} refused: sender ${event.senderFrame?.url ?? '(no frame)'} is not the app`);
      return failure('forbidden', `${channel}: the sender is not the application page`);
    }
    // A request is at most one plain value; extra arguments mean a caller we did not write.
    if (args.length > 1) return failure('invalid_payload', `${channel}: expected at most one argument`);
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(request)'}: ${i.message}`).join('; ');
      return failure('invalid_payload', `${channel}: ${issues}`);
    }
    try {
      return { ok: true, value: await handler(parsed.data, event) };
    } catch (error) {
      if (error instanceof IpcFailure) {
        const typed = error.toIpcError();
        return { ok: false, error: { ...typed, message: `${channel}: ${typed.message}` } };
      }
      console.error(`IPC ${channel} failed`, error);
      return failure('internal', `${channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** Registers a handler for every channel of the contract; the mapped type makes a missing one a type error. */
export function registerInvokeHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: InvokeHandlers, isTrustedSender: SenderCheck): void {
  for (const channel of Object.keys(invokeContract) as InvokeChannel[]) {
    // Widened per channel: the mapped types above already tie each handler to its schema.
    const schema: z.ZodType = invokeContract[channel].request;
    const handler = handlers[channel] as InvokeHandler<unknown, unknown>;
    ipcMain.handle(channel, guardedHandler(channel, schema, handler, isTrustedSender));
  }
}
