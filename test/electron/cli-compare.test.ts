/**
 * `mailaudit assess … --compare FILE` as a user runs it (issue 11's done-when): a lab domain is
 * assessed, "fixed" in the lab (the DNS server restarted with the 'after' zone: SPF `+all` made
 * `-all`, but the DMARC policy weakened to `none` and its reports sent elsewhere), then
 * assessed again with `--compare before.json --json --pdf`. The summary, the JSON's `comparison`
 * member and the PDF (pdftotext) must show the fixed, still open, new and changed findings.
 * Files that are no assessment, or of another domain, end the run with exit 2 before it starts.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment, type Assessment, type Language } from '../../shared/assessment';
import { diffAssessments, type AssessmentDiff } from '../../shared/assessment-diff';
import { translate } from '../../shared/i18n/index';
import { plain } from '../../electron/report/text';
import { startLabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { RETEST_DOMAIN as DOMAIN, retestZone } from '../support/retest-diff-scenario';
import { artefact, pdfText, requirePoppler, squash } from './report/pdf-text';
import { runCli } from '../support/cli';

let dir: string;
let beforeFile: string;
let before: Assessment;
let after: Assessment;
let comparison: AssessmentDiff;
const runs: Record<Language, { code: number; stdout: string; stderr: string }> = {} as never;

async function assessWith(stage: 'before' | 'after', args: string[]) {
  const lab = await startLabDnsServer({ zones: [...labZones(), retestZone(stage)] });
  try {
    return await runCli(['assess', DOMAIN, '--resolver', lab.address, '--quiet', ...args]);
  } finally {
    await lab.close();
  }
}

beforeAll(async () => {
  requirePoppler();
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-compare-'));
  beforeFile = join(dir, 'before.json');
  const first = await assessWith('before', ['--json', beforeFile]);
  if (first.code !== 0) throw new Error(first.stderr);
  before = parseOrThrow(JSON.parse(await readFile(beforeFile, 'utf8')));
  const afterFile = join(dir, 'after.json');
  runs.en = await assessWith('after', ['--lang', 'en', '--compare', beforeFile, '--json', afterFile, '--pdf', join(dir, 'after.pdf')]);
  runs.cs = await assessWith('after', ['--compare', beforeFile]);
  const json = JSON.parse(await readFile(afterFile, 'utf8')) as { comparison: AssessmentDiff };
  after = parseOrThrow(json);
  comparison = json.comparison;
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function parseOrThrow(json: unknown): Assessment {
  const parsed = parseAssessment(json);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.value;
}

const keysOf = (d: AssessmentDiff, category: string) => d.findings.filter((f) => f.category === category).map((f) => f.key);

describe('mailaudit assess --compare', () => {
  it('writes the diff into the JSON as `comparison`, the same one the shared diff computes', () => {
    expect(runs.en.code, runs.en.stderr).toBe(0);
    expect(runs.en.stderr).toBe('');
    // The file is still an Assessment the app and a later --compare read.
    expect(after.request.domain).toBe(DOMAIN);
    expect(comparison).toEqual(JSON.parse(JSON.stringify(diffAssessments(before, after))));
    expect(comparison.before).toMatchObject({ id: before.id, startedAt: before.startedAt, schemaVersion: 1 });
    expect(comparison.after.id).toBe(after.id);
    // Checks other than SPF, DMARC and DKIM (MTA-STS, …) may add open items of their own.
    expect(keysOf(comparison, 'fixed')).toEqual(['finding.spf.plus_all']);
    expect(keysOf(comparison, 'open')).toContain('finding.dkim.key_weak');
    expect(keysOf(comparison, 'new')).toEqual(['finding.dmarc.policy_none']);
    expect(keysOf(comparison, 'changed')).toContain('finding.dmarc.rua');
    const rua = comparison.findings.find((f) => f.key === 'finding.dmarc.rua')!;
    expect(rua.paramChanges).toEqual([{ name: 'addresses', before: [`dmarc@${DOMAIN}`], after: [`reports@${DOMAIN}`] }]);
    const mailAuth = comparison.requirements.find((r) => r.id === 'mail-auth')!;
    expect(mailAuth).toMatchObject({ before: 'fail', after: 'fail', change: 'same', counts: { fixed: 1, open: 1, new: 1 } });
    expect(mailAuth.beforeReasonKey).toBe('finding.spf.plus_all');
    expect(mailAuth.afterReasonKey).toBe('finding.dmarc.policy_none');
  });

  it.each(['en', 'cs'] as Language[])('prints the diff after the summary (--lang %s)', (lang) => {
    const run = runs[lang];
    expect(run.code, run.stderr).toBe(0);
    const t = (k: string, p: Parameters<typeof translate>[2] = {}) => translate(lang, k, p);
    const section = run.stdout.slice(run.stdout.indexOf(`== ${t('ui.diff.title', { date: before.startedAt })}`));
    expect(section.length).toBeLessThan(run.stdout.length);
    expect(section).toContain(t('ui.diff.summary', { ...comparison.counts }));
    const fixed = comparison.findings.find((f) => f.category === 'fixed')!;
    const open = comparison.findings.find((f) => f.key === 'finding.dkim.key_weak')!;
    const added = comparison.findings.find((f) => f.category === 'new')!;
    expect(section).toContain(`${t('ui.diff.category.fixed')} (1):`);
    expect(section).toContain(`[${t('status.fail')} → ${t('ui.diff.gone')}] ${t(fixed.key, fixed.before!.params)}`);
    expect(section).toContain(`${t('ui.diff.category.open')} (${comparison.counts.open}):`);
    expect(section).toContain(`[${t('status.warning')} → ${t('status.warning')}] ${t(open.key, open.after!.params)}`);
    expect(section).toContain(`${t('ui.diff.category.new')} (1):`);
    expect(section).toContain(`[${t('ui.diff.absent')} → ${t('status.fail')}] ${t(added.key, added.after!.params)}`);
    expect(section).toContain(t('ui.diff.param_change', { name: 'addresses', before: `dmarc@${DOMAIN}`, after: `reports@${DOMAIN}` }));
    expect(section).toMatch(new RegExp(` 7\\. \\[${t('verdict.fail')} → ${t('verdict.fail')}\\]`));
  });

  it('adds the "changes since" section and a cover line to the PDF', async () => {
    const pdf = join(dir, 'after.pdf');
    await copyFile(pdf, artefact('cli-compare-en.pdf'));
    const layout = pdfText(pdf);
    const raw = squash(pdfText(pdf, 'raw'));
    const t = (k: string, p: Record<string, string | number> = {}) => plain(translate('en', k, p));
    const page1 = pdfText(pdf, 'layout', { first: 1, last: 1 });
    expect(page1).toContain('With the changes since the assessment of');
    expect(raw).toContain(squash('Changes since'));
    expect(raw).toContain(squash(t('report.diff.counts', { ...comparison.counts })));
    expect(raw).toContain(squash(`${t('report.diff.category.fixed')} (1)`));
    expect(raw).toContain(squash(`${t('report.diff.category.open')} (${comparison.counts.open})`));
    expect(raw).toContain(squash(t('report.diff.category.changed')));
    expect(raw).toContain(squash(`${t('report.diff.category.new')} (1)`));
    expect(raw).toContain(squash(t('report.diff.requirements')));
    // The fixed SPF finding and the new DMARC one, by their own words; a row before and after.
    expect(layout).toContain('"+all"');
    expect(raw).toContain(squash('7SPF, DKIM and DMARCNOT METNOT METunchanged'));
    expect(layout).toMatch(/policy.*"none"/);
  });
});

describe('mailaudit assess --compare errors', () => {
  it.each([
    ['a missing file', async () => join(dir, 'missing.json'), /cannot be read/],
    [
      'JSON that is no assessment',
      async () => {
        const f = join(dir, 'other.json');
        await writeFile(f, '{"hello": 1}');
        return f;
      },
      /is not a MailAudit assessment/,
    ],
    [
      'an assessment of another domain',
      async () => {
        const f = join(dir, 'another-domain.json');
        const other = { ...before, request: { ...before.request, domain: 'onprem.test', domainUnicode: 'onprem.test' } };
        await writeFile(f, JSON.stringify(other));
        return f;
      },
      /different domains cannot be compared \(onprem\.test and retest\.test\)/,
    ],
  ])('exits 2 with a clear message for %s, before assessing anything', async (_name, make, message) => {
    const file = await make();
    // No resolver that answers: the run must end before any query.
    const run = await runCli(['assess', DOMAIN, '--resolver', '127.0.0.1:9', '--lang', 'en', '--compare', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
