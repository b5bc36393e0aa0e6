/**
 * Hostile SMTP peers through the CLI (issue item 8): an endless line, an endless multi-line reply,
 * a silent peer, garbage after STARTTLS's 220, an absurd TLS record length after STARTTLS and a
 * slow drip (test/lab/zones.ts `hostileScenarios`). Each run must end with its typed finding and
 * exit 0; the test timeout bounds how long that may take (no timed assertions).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { hostileScenarios, labZones } from '../lab/zones';
import { runCli as runCliProcess, type CliRun } from '../support/cli';

/** The CLI's own deadlines end every scenario; this only stops a hung process. */
const runCli = (args: string[]) => runCliProcess(args, { timeoutMs: 150_000 });

let dns: LabDnsServer;
let smtp: SmtpLab;
let dir: string;
const runs = new Map<string, { run: CliRun; assessment?: Assessment; jsonErrors?: string[] }>();

beforeAll(async () => {
  dns = await startLabDnsServer({ zones: labZones() });
  smtp = await startSmtpLab();
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-hostile-'));
  // All at once: the slow scenarios spend their time waiting on a deadline, not on the CPU.
  await Promise.all(
    hostileScenarios.map(async (s) => {
      const json = join(dir, `${s.domain}.json`);
      const run = await runCli(['assess', s.domain, '--resolver', dns.address, '--json', json, '--lang', 'en', '--quiet', ...smtp.args]);
      const text = await readFile(json, 'utf8').catch(() => undefined);
      const parsed = text === undefined ? undefined : parseAssessment(JSON.parse(text));
      runs.set(s.domain, { run, ...(parsed?.ok ? { assessment: parsed.value } : parsed ? { jsonErrors: parsed.errors } : {}) });
    }),
  );
}, 180_000);

afterAll(async () => {
  await dns?.close();
  await smtp?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mailaudit assess against hostile SMTP peers', () => {
  for (const s of hostileScenarios) {
    it(`${s.domain}: ${s.about}`, () => {
      const { run, assessment, jsonErrors } = runs.get(s.domain)!;
      expect(run.stderr).not.toMatch(/internal error|Warning/);
      expect(run.code, run.stderr).toBe(0);
      expect(jsonErrors).toBeUndefined();
      const a = assessment!;
      const keys = a.findings.map((f) => f.key);
      for (const key of s.expect) expect(keys, `${key} expected`).toContain(key);
      for (const key of s.absent ?? []) expect(keys, `${key} not expected`).not.toContain(key);
      // The STARTTLS attempt completed: the peer's behaviour is a result, not an error of the check.
      expect(a.attempts.find((x) => x.checkId === 'starttls')).toMatchObject({ status: 'completed' });
      expect(a.attempts.filter((x) => x.status === 'error').map((x) => [x.checkId, x.reason])).toEqual([]);
      const finding = a.findings.find((f) => f.key === s.expect[0])!;
      expect(finding.params).toMatchObject({ host: `mail.${s.domain}`, stage: s.stage });
      if (s.detail) expect(String(finding.params.detail)).toMatch(s.detail);
      // The summary shows the finding as text, never its key or the peer's raw bytes.
      expect(run.stdout).not.toMatch(/\bfinding\.[a-z]/);
      expect(run.stdout).not.toMatch(/[\u0000\u001b]/);
    });
  }
});
