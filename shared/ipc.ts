/**
 * The IPC contract (DESIGN §3.7), declared once: every channel the renderer may invoke, named
 * `domain:verb`, with the zod schema of its request (validated by the main process) and of its
 * response, and every event the main process pushes to the renderer. The preload and the
 * renderer import only the types derived here.
 */
import { z } from 'zod';
import { AssessmentRequestSchema, AssessmentSchema, DaneOutboundTestSchema, LANGUAGES } from './assessment';
import { BrandingFieldsSchema, BrandingSettingsSchema, NetworkSettingsSchema, SETTINGS_NOTICES } from './branding';
import { VERDICTS } from './requirements';
import { ATTEMPT_STATUSES, FINDING_STATUSES } from './status';
import { NetworkReadinessSchema } from './readiness-schema';

/** A run of the engine started by `assessment:start`; ids are UUIDs made by the main process. */
const runId = z.string().min(1).max(100);

/** Saved assessments are addressed by their id, which also names their file: keep it to a safe alphabet. */
export const StoredIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/);

export const SavedAssessmentSummarySchema = z.object({
  id: z.string(),
  domain: z.string(),
  domainUnicode: z.string(),
  clientName: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** the requirement catalogue's overall verdict (shared/requirements.ts), for the start screen */
  overall: z.enum(VERDICTS),
  /** findings by status */
  counts: z.record(z.enum(FINDING_STATUSES), z.number()),
});
export type SavedAssessmentSummary = z.infer<typeof SavedAssessmentSummarySchema>;

/** A file in the store that could not be read: reported beside the list, never fatal. */
export const StoreProblemSchema = z.object({
  file: z.string(),
  reason: z.enum(['unreadable', 'invalid_json', 'invalid_assessment']),
  detail: z.string(),
});
export type StoreProblem = z.infer<typeof StoreProblemSchema>;

/** Answer of a channel that shows a file dialog: the user may close it without choosing. */
const savedFile = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), path: z.string() }),
  z.object({ status: z.literal('cancelled') }),
]);

/** A DNSSEC trust anchor as the wizard shows it: the zone, the key tag and algorithm (and digest type of a DS). */
const TrustAnchorEntrySchema = z.object({
  /** '' is the root */
  owner: z.string(),
  kind: z.enum(['ds', 'dnskey']),
  keyTag: z.number(),
  algorithm: z.number(),
  digestType: z.number().optional(),
});

/** The anchors the next runs validate from: the user's file, or none for the built-in IANA root keys. */
const TrustAnchorStateSchema = z.object({
  custom: z.object({ path: z.string(), anchors: z.array(TrustAnchorEntrySchema) }).optional(),
});
export type TrustAnchorState = z.infer<typeof TrustAnchorStateSchema>;

/** A TLSA record made from a certificate file (shared/dane/publish.ts PublishableTlsa). */
const PublishableTlsaSchema = z.object({
  usage: z.number(),
  selector: z.number(),
  matchingType: z.number(),
  data: z.string(),
  role: z.enum(['end-entity', 'issuer']),
  source: z.enum(['certificate', 'csr']),
  subject: z.string(),
});

/**
 * What reading a certificate file gave. A file that needs a password stays in the main process
 * under `token` (the renderer never sends a path back): `tlsa:unlock` with the token and the
 * password reads it; `wrongPassword` says the last one was refused.
 */
const TlsaFileAnswerSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('password-required'), token: z.string(), fileName: z.string(), wrongPassword: z.boolean() }),
  z.object({
    status: z.literal('read'),
    fileName: z.string(),
    certificates: z.array(z.object({ subject: z.string(), issuer: z.string(), notAfter: z.string(), isCa: z.boolean() })),
    csr: z.object({ subject: z.string() }).optional(),
    records: z.array(PublishableTlsaSchema),
  }),
]);
export type TlsaFileAnswer = z.infer<typeof TlsaFileAnswerSchema>;

/**
 * The guided manual test of requirement 6 as the page sends it: what was sent where and when,
 * whether it left, a note. `recordedAt` is the main process's to set, so the page cannot send it.
 */
const DaneOutboundTestInputSchema = DaneOutboundTestSchema.omit({ recordedAt: true }).strict();
export type DaneOutboundTestInput = z.input<typeof DaneOutboundTestInputSchema>;

/** The settings as the wizard shows them, with why they read as defaults when they did. */
const SettingsAnswerSchema = z.object({
  branding: BrandingSettingsSchema,
  /** the network readiness test's reference hosts, when any is set */
  network: NetworkSettingsSchema.optional(),
  notice: z.enum(SETTINGS_NOTICES).optional(),
});
export type SettingsAnswer = z.infer<typeof SettingsAnswerSchema>;

export const invokeContract = {
  'app:version': {
    request: z.undefined(),
    response: z.object({ version: z.string() }),
  },
  /** Starts the engine; progress and the result arrive as events tagged with the runId. */
  'assessment:start': {
    request: AssessmentRequestSchema,
    response: z.object({ runId, checks: z.array(z.string()) }),
  },
  /** Aborts a run: every socket and timer of the engine listens to the same AbortSignal. */
  'assessment:cancel': {
    request: z.object({ runId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'assessment:list': {
    request: z.undefined(),
    response: z.object({ items: z.array(SavedAssessmentSummarySchema), problems: z.array(StoreProblemSchema) }),
  },
  'assessment:open': {
    request: z.object({ id: StoredIdSchema }).strict(),
    response: AssessmentSchema,
  },
  'assessment:delete': {
    request: z.object({ id: StoredIdSchema }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  /**
   * Keeps an assessment the saved list does not hold (one opened from a file, a run whose saving
   * failed) under its own id, replacing a saved copy of the same id; its id must be one a file can carry.
   */
  'assessment:save': {
    request: z.object({ assessment: AssessmentSchema.extend({ id: StoredIdSchema }) }).strict(),
    response: z.object({ id: StoredIdSchema }),
  },
  /**
   * Records (or with `test: null` removes) the guided manual test of requirement 6 on a saved
   * assessment: the main process reads the saved file, sets `manualTests.daneOutbound` with its
   * own `recordedAt`, writes the file atomically and answers the updated Assessment. An id that
   * is not saved is `not_found`.
   */
  'assessment:record-manual-test': {
    request: z.object({ id: StoredIdSchema, test: DaneOutboundTestInputSchema.nullable() }).strict(),
    response: AssessmentSchema,
  },
  /** Open dialog → the file's Assessment, validated; a file that is not one is an `invalid_file` error. */
  'assessment:import-json': {
    request: z.undefined(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('opened'), assessment: AssessmentSchema, path: z.string() }),
      z.object({ status: z.literal('cancelled') }),
    ]),
  },
  /** Save dialog → the Assessment as versioned JSON. */
  'assessment:export-json': {
    request: z.object({ assessment: AssessmentSchema }).strict(),
    response: savedFile,
  },
  /** Save dialog → the PDF report in the given language; with `previous` (an earlier assessment of the domain) it has a "changes since" chapter. */
  'report:export-pdf': {
    request: z.object({ assessment: AssessmentSchema, language: z.enum(LANGUAGES), previous: AssessmentSchema.optional() }).strict(),
    response: savedFile,
  },
  /**
   * Folder dialog (main process; it may create a folder) → the remediation plan as files in the
   * given language (shared/remediation/export): written only into a new or empty folder.
   */
  'plan:export': {
    request: z.object({ assessment: AssessmentSchema, language: z.enum(LANGUAGES) }).strict(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('saved'), path: z.string(), files: z.array(z.string()) }),
      z.object({ status: z.literal('cancelled') }),
    ]),
  },
  /** The anchors the next runs use. */
  'trust-anchor:get': {
    request: z.undefined(),
    response: TrustAnchorStateSchema,
  },
  /**
   * Open dialog (in the main process: the page never names a path) → the file parsed as DNSSEC
   * trust anchors and kept for the next runs; a malformed file is an `invalid_file` error naming
   * the line, and the anchors in use stay as they were.
   */
  'trust-anchor:choose': {
    request: z.undefined(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('set'), state: TrustAnchorStateSchema }),
      z.object({ status: z.literal('cancelled') }),
    ]),
  },
  /** Back to the built-in IANA root keys. */
  'trust-anchor:reset': {
    request: z.undefined(),
    response: TrustAnchorStateSchema,
  },
  /** Open dialog → the TLSA records for a certificate file (or a token when it needs a password). */
  'tlsa:from-file': {
    request: z.undefined(),
    response: z.union([z.object({ status: z.literal('cancelled') }), TlsaFileAnswerSchema]),
  },
  /** The password for the file a `password-required` answer holds; an unknown or expired token is `not_found`. */
  'tlsa:unlock': {
    request: z.object({ token: z.string().min(1).max(100), password: z.string().max(1024) }).strict(),
    response: TlsaFileAnswerSchema,
  },
  /** The report's branding (shared/branding.ts); a damaged settings file reads as the defaults with a notice. */
  'settings:get': {
    request: z.undefined(),
    response: SettingsAnswerSchema,
  },
  /**
   * Saves firm name, accent colour and signature block (the logo stays unless `removeLogo`); every
   * later PDF carries them. `network` replaces the reference hosts (kept when absent), used from the
   * next run on; a host the engine would refuse is an `invalid_payload` error with the key
   * `ui.settings.network.<field>_invalid`, and nothing is saved.
   */
  'settings:save': {
    request: BrandingFieldsSchema.extend({
      removeLogo: z.boolean().optional(),
      network: NetworkSettingsSchema.strict().optional(),
    }).strict(),
    response: SettingsAnswerSchema,
  },
  /**
   * Open dialog (main process) → the image checked (PNG or JPEG by magic bytes and header, size
   * limits) and a copy kept as the logo; a file that is not one is an `invalid_file` error with a
   * `ui.settings.logo.*` key, and the settings stay as they were.
   */
  'settings:pick-logo': {
    request: z.undefined(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('set'), settings: SettingsAnswerSchema }),
      z.object({ status: z.literal('cancelled') }),
    ]),
  },
  /** The page has no clipboard permission (every permission is denied): copy buttons go through here. */
  'clipboard:write': {
    request: z.object({ text: z.string().max(200_000) }).strict(),
    response: z.object({ written: z.boolean() }),
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

/** The runner's progress events (electron/engine/runner.ts keeps its type assignable to this). */
export const ProgressEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('check-started'), checkId: z.string(), at: z.string() }),
  z.object({
    type: z.literal('check-finished'),
    checkId: z.string(),
    at: z.string(),
    status: z.enum(ATTEMPT_STATUSES),
    worst: z.enum(FINDING_STATUSES).optional(),
    reason: z.string().optional(),
  }),
  z.object({
    type: z.literal('target'),
    checkId: z.string(),
    at: z.string(),
    target: z.string(),
    phase: z.enum(['started', 'finished']),
    status: z.enum(FINDING_STATUSES).optional(),
  }),
  z.object({ type: z.literal('readiness'), at: z.string(), readiness: NetworkReadinessSchema }),
]);
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

export const IPC_ERROR_CODES = [
  /** the sender is not the app page */
  'forbidden',
  /** the payload does not match the channel's schema */
  'invalid_payload',
  /** the engine refused the request (bad domain, domain not found, no resolver): see key/params */
  'input',
  /** no saved assessment or run with that id */
  'not_found',
  /** an opened file is not an Assessment document */
  'invalid_file',
  /** writing a file failed (disk full, no permission) */
  'write_failed',
  'internal',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  /** technical detail for logs and for the "details" line under a translated message */
  message: string;
  /** i18n key of a message for the user, when the main process has one */
  key?: string;
  params?: Record<string, string>;
}

/** Every invoke answers with a result instead of rejecting, so the renderer handles failures as data. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/**
 * How a run ended: the Assessment (possibly `cancelled: true`; `saved` tells whether it went
 * into the saved list) or an error the user can read.
 */
export type RunOutcome = { ok: true; assessment: z.output<typeof AssessmentSchema>; saved: boolean } | { ok: false; error: IpcError };

/** Channel → payload of events the main process pushes to the renderer. */
export interface EventMap {
  'assessment:progress': { runId: string; event: ProgressEvent };
  'assessment:finished': { runId: string; outcome: RunOutcome };
}

export type EventChannel = keyof EventMap;

export const EVENT_CHANNELS = ['assessment:progress', 'assessment:finished'] as const satisfies readonly EventChannel[];
