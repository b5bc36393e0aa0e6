/**
 * The report settings view's state: the branding fields as edited, the saved logo, the network
 * readiness test's reference hosts, and the one notice line.  The hosts are checked by the main
 * process with the engine's own parser; its refusal is shown under the field it names. The logo is chosen and checked by the main process (settings:pick-logo); the page
 * never names a path and never sees the image's bytes.
 */
import type { Api } from '../../../electron/preload/api';
import {
  ACCENT_PATTERN,
  DEFAULT_ACCENT,
  MAX_BRANDING_TEXT,
  MAX_REFERENCE_HOST,
  type NetworkSettings,
  type Signature,
  type StoredLogo,
} from '../../../shared/branding';
import type { IpcError, SettingsAnswer } from '../../../shared/ipc';
import { errorNotice, type Notice } from './wizard.svelte';

type SettingsApi = Pick<Api, 'settings' | 'saveSettings' | 'pickLogo'>;

export type SettingsPhase = 'loading' | 'ready' | 'failed';

type NetworkField = keyof NetworkSettings;
const NETWORK_FIELDS: readonly NetworkField[] = ['port25Reference', 'portReference'];

/** Main's refusal of a reference host: the message, and the value it was about. */
interface FieldError {
  key: string;
  params: Record<string, string>;
  value: string;
}

export class SettingsForm {
  phase = $state<SettingsPhase>('loading');
  firmName = $state('');
  accentColor = $state(DEFAULT_ACCENT);
  signature = $state<Signature>({ name: '', role: '', date: '', place: '' });
  logo = $state.raw<StoredLogo | undefined>(undefined);
  /** the logo goes at the next save */
  removeLogo = $state(false);
  /** `HOST[:PORT]` of the port-25 reference mail server; empty: the engine's default */
  port25Reference = $state('');
  /** `HOST` tried on 465, 587, 993, 995 and 443; empty: those ports are not tested */
  portReference = $state('');
  #networkErrors = $state.raw<Partial<Record<NetworkField, FieldError>>>({});
  notice = $state.raw<Notice | undefined>(undefined);
  busy = $state<'save' | 'logo' | undefined>(undefined);
  readonly #api: SettingsApi;

  constructor(api: SettingsApi) {
    this.#api = api;
  }

  get accentValid(): boolean {
    return ACCENT_PATTERN.test(this.accentColor.trim());
  }

  /** Fields over the limit, by name (the main process refuses them too). */
  get tooLong(): string[] {
    const fields: [string, string][] = [
      ['firmName', this.firmName],
      ...Object.entries(this.signature).map(([k, v]): [string, string] => [`signature.${k}`, v]),
    ];
    return [
      ...fields.filter(([, v]) => v.trim().length > MAX_BRANDING_TEXT).map(([k]) => k),
      ...NETWORK_FIELDS.filter((k) => this[k].trim().length > MAX_REFERENCE_HOST),
    ];
  }

  /** Main's refusal of the host in `field`, while the field still holds the refused value. */
  networkError(field: NetworkField): FieldError | undefined {
    const error = this.#networkErrors[field];
    return error !== undefined && error.value === this[field].trim() ? error : undefined;
  }

  get valid(): boolean {
    return this.accentValid && this.tooLong.length === 0;
  }

  #apply(answer: SettingsAnswer): void {
    const b = answer.branding;
    this.firmName = b.firmName;
    this.accentColor = b.accentColor;
    this.signature = { ...b.signature };
    this.logo = b.logo;
    this.removeLogo = false;
    this.port25Reference = answer.network?.port25Reference ?? '';
    this.portReference = answer.network?.portReference ?? '';
    this.#networkErrors = {};
  }

  /** A refused reference host goes under its field; anything else to the notice line. */
  #saveFailed(error: IpcError): void {
    const field = NETWORK_FIELDS.find((f) => f === error.params?.['field']);
    if (field === undefined || error.key === undefined) {
      this.notice = errorNotice(error, 'ui.settings.save_failed');
      return;
    }
    const params = error.params ?? {};
    this.#networkErrors = { [field]: { key: error.key, params, value: params['value'] ?? '' } };
    this.notice = { kind: 'error', key: 'ui.settings.save_failed', params: {}, detail: error.message };
  }

  async load(): Promise<void> {
    this.phase = 'loading';
    const result = await this.#api.settings();
    if (!result.ok) {
      this.phase = 'failed';
      this.notice = errorNotice(result.error, 'ui.settings.load_failed');
      return;
    }
    this.#apply(result.value);
    this.notice = result.value.notice ? { kind: 'info', key: `ui.settings.notice.${result.value.notice}` } : undefined;
    this.phase = 'ready';
  }

  async save(): Promise<boolean> {
    if (!this.valid || this.busy) return false;
    this.busy = 'save';
    try {
      const result = await this.#api.saveSettings({
        firmName: this.firmName,
        accentColor: this.accentColor.trim(),
        signature: { ...this.signature },
        ...(this.removeLogo ? { removeLogo: true } : {}),
        network: { port25Reference: this.port25Reference.trim(), portReference: this.portReference.trim() },
      });
      if (!result.ok) {
        this.#saveFailed(result.error);
        return false;
      }
      this.#apply(result.value);
      this.notice = { kind: 'success', key: 'ui.settings.saved' };
      return true;
    } finally {
      this.busy = undefined;
    }
  }

  async pickLogo(): Promise<void> {
    if (this.busy) return;
    this.busy = 'logo';
    try {
      const result = await this.#api.pickLogo();
      if (!result.ok) {
        this.notice = errorNotice(result.error, 'ui.settings.save_failed');
        return;
      }
      if (result.value.status === 'cancelled') return;
      // Only the logo: fields being edited stay as typed until saved.
      this.logo = result.value.settings.branding.logo;
      this.removeLogo = false;
      this.notice = { kind: 'success', key: 'ui.settings.logo_set' };
    } finally {
      this.busy = undefined;
    }
  }
}
