/**
 * The TLSA generator of the results step: the user picks a certificate file in the main
 * process's dialog (the page never names a path), types its password when it has one (the main
 * process keeps the file under a token meanwhile), and gets the records to publish for the
 * domain's MX hosts (shared/dane/publish.ts, the same lines the CLI prints).
 */
import type { Api } from '../../../electron/preload/api';
import type { Assessment } from '../../../shared/assessment';
import { publishedTlsa, smtpTlsaOwner, tlsaHosts, tlsaZoneLine, type PublishableTlsa } from '../../../shared/dane/publish';
import { formatTlsa } from '../../../shared/dane/tlsa';
import type { IpcResult, TlsaFileAnswer } from '../../../shared/ipc';
import { errorNotice, type Notice } from './wizard.svelte';

export interface TlsaRow {
  /** `_25._tcp.<host>.`; absent when the domain has no MX host to name */
  owner?: string;
  /** what is shown and copied: the zone-file line, or the record data alone */
  text: string;
  record: PublishableTlsa;
  /** the DANE check found this very record published at `owner` */
  published: boolean;
}

/** One row per MX host and record; without MX hosts, the record data alone. */
export function tlsaRows(assessment: Assessment | undefined, records: readonly PublishableTlsa[]): TlsaRow[] {
  const hosts = assessment ? tlsaHosts(assessment) : [];
  if (assessment === undefined || hosts.length === 0)
    return records.map((record) => ({ text: formatTlsa(record), record, published: false }));
  return hosts.flatMap((host) => {
    const owner = smtpTlsaOwner(host)!;
    const published = publishedTlsa(assessment, host);
    return records.map((record) => ({ owner, text: tlsaZoneLine(owner, record), record, published: published.has(formatTlsa(record)) }));
  });
}

/** The message key saying what a record is for. */
export function recordPurposeKey(record: PublishableTlsa): string {
  if (record.role === 'issuer') return 'ui.tlsa.record_issuer';
  return record.source === 'csr' ? 'ui.tlsa.record_csr' : 'ui.tlsa.record_server';
}

export type TlsaPhase = 'idle' | 'reading' | 'password' | 'unlocking' | 'read';

export class TlsaGenerator {
  phase = $state<TlsaPhase>('idle');
  /** the chosen file's name (never its path) */
  fileName = $state<string | undefined>(undefined);
  /** the last password was refused */
  wrongPassword = $state(false);
  records = $state.raw<PublishableTlsa[]>([]);
  error = $state.raw<Notice | undefined>(undefined);

  readonly #api: Api;
  /** the main process's handle on the file waiting for its password */
  #token: string | undefined;

  constructor(api: Api) {
    this.#api = api;
  }

  get busy(): boolean {
    return this.phase === 'reading' || this.phase === 'unlocking';
  }

  /** Opens the main process's file dialog and reads the chosen file. */
  async choose(): Promise<void> {
    if (this.busy) return;
    const before = this.phase;
    this.phase = 'reading';
    this.error = undefined;
    const result = await this.#api.tlsaFromFile();
    if (result.ok && result.value.status === 'cancelled') {
      this.phase = before === 'password' ? 'password' : this.records.length > 0 ? 'read' : 'idle';
      return;
    }
    this.#token = undefined;
    this.#take(result as IpcResult<TlsaFileAnswer>);
  }

  /** Sends the password for the file the main process holds; the page keeps no copy of it. */
  async unlock(password: string): Promise<void> {
    const token = this.#token;
    if (token === undefined || this.busy) return;
    this.phase = 'unlocking';
    this.error = undefined;
    this.#take(await this.#api.unlockTlsaFile({ token, password }));
  }

  /** Leaves the password form; the main process forgets the file when its token expires. */
  cancel(): void {
    this.#token = undefined;
    this.wrongPassword = false;
    this.phase = this.records.length > 0 ? 'read' : 'idle';
  }

  #take(result: IpcResult<TlsaFileAnswer>): void {
    if (!result.ok) {
      this.#token = undefined;
      this.wrongPassword = false;
      this.error = errorNotice(result.error, 'ui.tlsa.failed');
      this.phase = this.records.length > 0 ? 'read' : 'idle';
      return;
    }
    const answer = result.value;
    this.fileName = answer.fileName;
    if (answer.status === 'password-required') {
      this.#token = answer.token;
      this.wrongPassword = answer.wrongPassword;
      this.phase = 'password';
      return;
    }
    this.#token = undefined;
    this.wrongPassword = false;
    this.records = answer.records;
    this.phase = 'read';
  }
}
