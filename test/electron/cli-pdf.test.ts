/**
 * `mailaudit assess … --pdf FILE` as a user runs it: a subprocess against the lab DNS server,
 * in both languages. The PDF is read back with pdftotext and must carry the cover data, every
 * requirement row with its verdict, and the remediation steps for the findings.
 */
import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment, type Language } from '../../shared/assessment';
import { translate } from '../../shared/i18n/index';
import { buildRemediationPlan } from '../../shared/remediation/index';
import { REQUIREMENTS, evaluateRequirements } from '../../shared/requirements';
import { formatDateTime, localTimeZone, plain } from '../../electron/report/text';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { artefact, pdfText, renderFirstPage, requirePoppler, squash } from './report/pdf-text';
import { runCli } from '../support/cli';

let lab: LabDnsServer;
let dir: string;

beforeAll(async () => {
  requirePoppler();
  lab = await startLabDnsServer({ zones: labZones() });
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-pdf-'));
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(['cs', 'en'] as Language[])('mailaudit assess --pdf --lang %s', (lang) => {
  it('writes a PDF with the cover data, every requirement verdict and the remediation steps', async () => {
    const pdf = join(dir, `report-${lang}.pdf`);
    const json = join(dir, `report-${lang}.json`);
    const run = await runCli([
      'assess',
      'spf-over-limit.test',
      '--resolver',
      lab.address,
      '--quiet',
      '--lang',
      lang,
      '--client',
      'Firma Žluťoučký kůň s.r.o.',
      '--consultant',
      'Ondřej Říha',
      '--json',
      json,
      '--pdf',
      pdf,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect((await stat(pdf)).size).toBeGreaterThan(10_000);
    renderFirstPage(pdf, artefact(`cli-${lang}-page1.png`));
    await copyFile(pdf, artefact(`cli-${lang}.pdf`));

    const parsed = parseAssessment(JSON.parse(await readFile(json, 'utf8')));
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const a = parsed.value;
    const t = (key: string, params: Record<string, string | number> = {}) => plain(translate(lang, key, params));

    const layout = pdfText(pdf, 'layout');
    const raw = squash(pdfText(pdf, 'raw'));
    // Cover.
    for (const text of [
      'Firma Žluťoučký kůň s.r.o.',
      'Ondřej Říha',
      'spf-over-limit.test',
      t('report.title'),
      `MailAudit ${a.toolVersion}`,
    ])
      expect(layout).toContain(text);
    // The CLI formats times in this machine's zone, like the test process.
    expect(layout).toContain(formatDateTime(a.startedAt, lang, localTimeZone()));
    // Every requirement row with its verdict.
    for (const v of evaluateRequirements(a)) {
      const def = REQUIREMENTS.find((r) => r.id === v.id)!;
      expect(raw, `row ${v.number}`).toContain(squash(`${v.number}${t(def.titleKey)}${t(`verdict.${v.verdict}`).toUpperCase()}`));
    }
    // The SPF lookup limit fails, and the plan says how to fix it.
    expect(a.findings.map((f) => f.key)).toContain('finding.spf.too_many_lookups');
    const plan = buildRemediationPlan(a);
    expect(plan.steps.some((s) => s.fixes.some((x) => x.key === 'finding.spf.too_many_lookups'))).toBe(true);
    for (const step of plan.steps) {
      expect(raw, step.id).toContain(
        squash(t('report.plan.step', { order: step.order, title: translate(lang, step.titleKey, step.titleParams ?? {}) })),
      );
    }
    if (lang === 'cs') for (const word of ['Poštovní', 'ověření', 'Plán nápravy']) expect(layout).toContain(word);
    else for (const word of ['Management summary', 'Remediation plan']) expect(layout).toContain(word);
  });
});

describe('mailaudit --pdf errors', () => {
  it('fails with exit 1 and a message when the PDF cannot be written', async () => {
    const run = await runCli([
      'assess',
      'onprem.test',
      '--resolver',
      lab.address,
      '--quiet',
      '--pdf',
      join(dir, 'missing-folder', 'x.pdf'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ENOENT/);
  });
});
