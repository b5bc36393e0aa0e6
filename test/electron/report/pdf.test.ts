/**
 * The PDF report rendered from real Assessments: the engine runs against the lab DNS server
 * (scenario zones plus a hostile one), the report is rendered in Czech and English, and
 * pdftotext reads it back. Every requirement row, finding, remediation step, command, record
 * and tested address must be there in full; network text must show as text.
 * Artefacts (PDFs and a PNG of page 1) go to test-results/report/.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, Language } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { buildRemediationPlan, type RemediationAction } from '../../../shared/remediation/index';
import { REQUIREMENTS, evaluateRequirements, overallVerdict } from '../../../shared/requirements';
import { assess } from '../../../electron/engine/engine';
import { TOOL_VERSION } from '../../../electron/engine/version';
import { buildModel } from '../../../electron/report/model';
import { renderModelPdf, renderReportPdf, writeReportPdf } from '../../../electron/report/pdf';
import { courierMarks } from '../../../electron/report/sections/appendix';
import { WRAP_MARK, formatDateTime, plain } from '../../../electron/report/text';
import { evidenceLines } from '../../../shared/evidence';
import { startLabDnsServer, type LabDnsServer, type LabZone } from '../../lab/dns-server';
import { labZones } from '../../lab/zones';
import { artefact, pageCount, pdfText, renderFirstPage, requirePoppler, squash } from './pdf-text';

const TIME_ZONE = 'Europe/Prague';
const CLIENT = 'Pražská strojírna a.s.';
const CONSULTANT = 'Jiří Čermák';

// TXT values an attacker controls: markup, quotes, backticks, command substitution, a real line
// break, a backslash-n that only looks like one, and a bidi override.
const HOSTILE_SPF = 'v=spf1 ip4:192.0.2.1 a:"quoted" exists:`id` include:$(touch/tmp/pwned).hostile.test\nredirect=evil.test \\n ~all';
const HOSTILE_TXT = '<script>alert(1)</script> "double" \'single\' `backtick` $(rm -rf ~) ${HOME} &amp; <b>bold</b>\r\n\u202eexe.txt';
const HOSTILE_DMARC = 'v=DMARC1; p=none; rua=mailto:"><script>alert(2)</script>@hostile.test';

function hostileZone(): LabZone {
  const origin = 'hostile.test';
  return {
    origin,
    records: [
      { name: '@', type: 'SOA', data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 2026112701, minimum: 300 } },
      { name: '@', type: 'NS', data: `ns1.${origin}` },
      { name: 'ns1', type: 'A', data: '127.0.0.53' },
      { name: '@', type: 'MX', data: { preference: 10, exchange: `mail.${origin}` } },
      { name: 'mail', type: 'A', data: '127.0.40.1' },
      { name: '@', type: 'TXT', data: [HOSTILE_SPF] },
      { name: '@', type: 'TXT', data: [HOSTILE_TXT] },
      { name: '_dmarc', type: 'TXT', data: [HOSTILE_DMARC] },
    ],
  };
}

/** Scenario domains covering pass, partial, fail and not-verified rows, errors, IDN and hostile data. */
const DOMAINS = [
  'spf-over-limit.test',
  'no-dmarc.test',
  'exo-nospf.test',
  'exo-good.test',
  'příklad.test',
  'timeout.test',
  'dkim-1024.test',
  'hostile.test',
];
const LANGS: Language[] = ['cs', 'en'];

interface Rendered {
  assessment: Assessment;
  file: string;
  layout: string;
  /** content-stream order without running headers and footers */
  body: string;
  pages: number;
}

let lab: LabDnsServer;
const rendered = new Map<string, Rendered>();
const key = (domain: string, lang: Language) => `${domain}/${lang}`;

/** Running header and footer lines come between the two halves of anything split by a page break. */
function withoutRunningLines(raw: string, a: Assessment, lang: Language): string {
  const header = translate(lang, 'report.header', { domain: a.request.domainUnicode });
  const footer = translate(lang, 'report.footer.generated', { version: a.toolVersion });
  const page = new RegExp(`^${translate(lang, 'report.footer.page', { page: 999, pages: 999 }).replace(/999/g, '\\d+')}$`);
  return raw
    .split(/\n|\f/)
    .filter((line) => {
      const l = line.trim();
      return !(l.startsWith(header) || l === footer || page.test(l) || l.startsWith(`${footer} `));
    })
    .join('\n');
}

beforeAll(async () => {
  requirePoppler();
  lab = await startLabDnsServer({ zones: [...labZones(), hostileZone()] });
  for (const domain of DOMAINS) {
    const assessment = await assess(
      { domain, clientName: CLIENT, consultantName: CONSULTANT },
      { resolvers: [lab.address], dnsTimeoutMs: 300 },
    );
    for (const lang of LANGS) {
      const file = artefact(`${assessment.request.domain}-${lang}.pdf`);
      await writeFile(file, await renderReportPdf(assessment, lang, { timeZone: TIME_ZONE }));
      renderFirstPage(file, artefact(`${assessment.request.domain}-${lang}-page1.png`));
      const layout = pdfText(file, 'layout');
      rendered.set(key(domain, lang), {
        assessment,
        file,
        layout,
        body: withoutRunningLines(pdfText(file, 'raw'), assessment, lang),
        pages: pageCount(file),
      });
    }
  }
}, 180_000);

afterAll(async () => {
  await lab?.close();
});

/** Code lines as they were before wrapping: each wrap mark with its line break and continuation indent removed. */
function unwrapped(text: string): string {
  return text.replace(new RegExp(`${WRAP_MARK}[ \\t]*\\n[ \\t]*`, 'g'), '');
}

function expectContains(haystack: string, needle: string, what: string): void {
  expect(squash(unwrapped(haystack)).includes(squash(needle)), `${what}: ${JSON.stringify(needle.slice(0, 160))}`).toBe(true);
}

function actionTexts(action: RemediationAction, lang: Language): string[] {
  switch (action.kind) {
    case 'powershell':
      return [action.code, ...(action.noteKey ? [plain(translate(lang, action.noteKey, action.noteParams ?? {}))] : [])];
    // The zone-file line and a registry value's .reg and PowerShell forms are in the exported plan files only.
    case 'dns-record':
      return [action.name, action.value];
    case 'registry':
      return [action.path, action.name, action.value];
    case 'instruction':
      return [plain(translate(lang, action.key, action.params ?? {}))];
    case 'file':
      // The file's lines, each as printed in its code block.
      return [
        action.name,
        ...action.content.split('\n').filter((l) => l !== ''),
        ...(action.noteKey ? [plain(translate(lang, action.noteKey, action.noteParams ?? {}))] : []),
      ];
  }
}

describe.each(DOMAINS.flatMap((d) => LANGS.map((l) => [d, l] as const)))('report for %s in %s', (domain, lang) => {
  const get = () => rendered.get(key(domain, lang))!;
  const t = (k: string, p: Record<string, string | number> = {}) => plain(translate(lang, k, p));

  it('has a cover with client, domain (both forms), time with zone, consultant and tool version', () => {
    const { assessment: a, file } = get();
    const cover = pdfText(file, 'layout', { first: 1, last: 1 });
    expect(cover).toContain(t('report.title'));
    expect(cover).toContain(CLIENT);
    expect(cover).toContain(CONSULTANT);
    expect(cover).toContain(a.request.domainUnicode);
    if (a.request.domainUnicode !== a.request.domain) expect(cover).toContain(a.request.domain);
    expect(cover).toContain(formatDateTime(a.startedAt, lang, TIME_ZONE));
    expect(cover).toContain(`MailAudit ${TOOL_VERSION}`);
    expect(cover).toContain(a.id);
  });

  it('shows every requirement row with its verdict and the overall verdict', () => {
    const { assessment: a, body, file } = get();
    const verdicts = evaluateRequirements(a);
    expect(verdicts).toHaveLength(10);
    // The management summary: from page 2 up to the findings chapter.
    const afterCover = pdfText(file, 'raw', { first: 2, last: get().pages });
    const summaryPages = afterCover.slice(0, afterCover.indexOf(t('report.findings.title')));
    expect(summaryPages).toContain(t('report.summary.title'));
    for (const v of verdicts) {
      const def = REQUIREMENTS.find((r) => r.id === v.id)!;
      const row = `${v.number}${t(def.titleKey)}${t(`verdict.${v.verdict}`).toUpperCase()}`;
      expectContains(summaryPages, row, `summary row ${v.number}`);
      if (v.reasonKey) expectContains(body, t(v.reasonKey, (v.reasonParams ?? {}) as Record<string, string>), `reason of row ${v.number}`);
    }
    expectContains(
      summaryPages,
      t(`verdict.${overallVerdict(verdicts)}`).toUpperCase() + t(`report.overall.${overallVerdict(verdicts)}`),
      'overall verdict',
    );
  });

  it('explains every finding in full, in plain language', () => {
    const { assessment: a, body } = get();
    expect(a.findings.length).toBeGreaterThan(0);
    for (const f of a.findings) {
      const text = plain(translate(lang, f.key, f.params));
      expect(text, 'message exists').not.toBe(f.key);
      expectContains(body, text, f.key);
    }
    expect(body).not.toMatch(/\bfinding\.[a-z_]+\.[a-z_]/);
  });

  it('lists each remediation step with its risk and every command and record in full', () => {
    const { assessment: a, body } = get();
    const plan = buildRemediationPlan(a);
    const failing = a.findings.some((f) => f.status === 'fail');
    if (failing) expect(plan.steps.length, 'a failing assessment has a plan').toBeGreaterThan(0);
    for (const step of plan.steps) {
      const title = t('report.plan.step', { order: step.order, title: translate(lang, step.titleKey, step.titleParams ?? {}) });
      expectContains(body, title, `step ${step.id}`);
      expectContains(body, plain(translate(lang, step.riskKey, step.riskParams ?? {})), `risk of ${step.id}`);
      for (const action of step.actions)
        for (const text of actionTexts(action, lang)) expectContains(body, plain(text), `${action.kind} of ${step.id}`);
    }
  });

  it('has a technical appendix with targets, addresses, resolver, timings and evidence', () => {
    const { assessment: a, body, layout } = get();
    expectContains(body, t('report.appendix.title'), 'appendix');
    for (const server of a.resolver.servers) expect(layout).toContain(server);
    for (const target of a.targets) {
      expectContains(body, target.name, 'target');
      for (const address of target.addresses) expect(layout).toContain(address);
    }
    for (const attempt of a.attempts) {
      expectContains(body, translate(lang, `check.${attempt.checkId}`), `attempt ${attempt.checkId}`);
      if (attempt.reason) expectContains(body, translate(lang, attempt.reason), `reason of ${attempt.checkId}`);
      if (attempt.detail) expectContains(body, plain(attempt.detail), `detail of ${attempt.checkId}`);
    }
    for (const f of a.findings) {
      for (const e of f.evidence) {
        if (e.type === 'dns') for (const r of e.records) expectContains(body, plain(r), `record of ${e.query}`);
        if (e.type === 'address') expectContains(body, `${e.host}: ${e.address}`, 'address evidence');
        if (e.type === 'text') {
          // A listing a check wrote keeps its lines; a value from the network shows its line breaks as \n.
          const { lines, listing } = evidenceLines(e);
          expectContains(body, (listing ? lines.map(courierMarks) : lines).map(plain).join('\n'), 'text evidence');
        }
      }
    }
  });

  it('numbers its pages and carries the domain and date on every page after the cover', () => {
    const { layout, pages, assessment: a } = get();
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(layout).toContain(t('report.footer.page', { page: 1, pages }));
    expect(layout).toContain(t('report.footer.page', { page: pages, pages }));
    const header = translate(lang, 'report.header', { domain: a.request.domainUnicode });
    expect(layout.split(header).length - 1).toBe(pages - 1);
  });
});

describe('report language', () => {
  it('keeps Czech diacritics intact', () => {
    const { layout } = rendered.get(key('spf-over-limit.test', 'cs'))!;
    for (const word of ['Poštovní', 'ověření', 'Shrnutí pro vedení', 'Plán nápravy', 'Technická příloha', 'Čermák', 'strojírna']) {
      expect(layout, word).toContain(word);
    }
    // U+FFFD or a dropped character would show as a broken word.
    expect(layout).not.toContain('\ufffd');
  });

  it('is English throughout when asked for English', () => {
    const { layout } = rendered.get(key('spf-over-limit.test', 'en'))!;
    expect(layout).toContain('Management summary');
    expect(layout).toContain('Remediation plan');
    for (const czech of ['Shrnutí', 'Požadavek', 'nesplněno', 'Strana ']) expect(layout).not.toContain(czech);
  });
});

describe('hostile DNS data', () => {
  it.each(LANGS)('shows markup, quotes, backticks, $(...) and line breaks as text (%s)', (lang) => {
    const { body, layout, assessment: a } = rendered.get(key('hostile.test', lang))!;
    // As DNS evidence: the presentation form, escaped, exactly.
    for (const value of [HOSTILE_SPF, HOSTILE_TXT, HOSTILE_DMARC]) expectContains(body, plain(JSON.stringify(value)), 'TXT evidence');
    for (const piece of [
      '<script>alert(1)</script>',
      '`backtick`',
      '$(rm -rf ~)',
      '${HOME}',
      '&amp;',
      '<b>bold</b>',
      '"><script>alert(2)</script>@hostile.test',
    ]) {
      expectContains(body, piece, 'hostile piece');
    }
    // The real line break and the bidi override are shown as escapes, never acted upon.
    expectContains(body, '$(touch/tmp/pwned).hostile.test\\nredirect=evil.test', 'newline escape');
    expectContains(body, '\\r\\n\\u{202E}exe.txt', 'bidi escape');
    expect(layout).not.toContain('\u202e');
    expect(layout).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/);
    // And the findings about it are explained, not dropped.
    expect(a.findings.some((f) => f.checkId === 'spf' && f.status !== 'pass')).toBe(true);
  });
});

describe('long content', () => {
  it('never truncates: a 150-line script and a 3000-character record wrap and continue across pages', async () => {
    const { assessment } = rendered.get(key('spf-over-limit.test', 'en'))!;
    const model = buildModel(assessment, 'en', TIME_ZONE, new Date());
    const script = Array.from({ length: 150 }, (_, i) => `Write-Output 'line ${i + 1} of the script' # ${'x'.repeat((i % 7) * 20)}`).join(
      '\n',
    );
    const value = `v=DKIM1; k=rsa; p=${Buffer.from(Array.from({ length: 2250 }, (_, i) => i % 251)).toString('base64')}`;
    model.plan = {
      platform: 'exchange-server',
      steps: [
        {
          id: 'long',
          order: 1,
          phase: 2,
          titleKey: 'report.title',
          riskKey: 'report.overall.fail',
          platform: 'exchange-server',
          fixes: [],
          requirementIds: ['mail-auth'],
          actions: [
            { kind: 'powershell', code: script },
            {
              kind: 'dns-record',
              name: 'selector1._domainkey.spf-over-limit.test',
              type: 'TXT',
              value,
              ttl: 3600,
              zoneFile: `selector1._domainkey.spf-over-limit.test. 3600 IN TXT "${value}"`,
            },
          ],
        },
      ],
    };
    const file = artefact('long-content-en.pdf');
    await writeFile(file, await renderModelPdf(model));
    const body = withoutRunningLines(pdfText(file, 'raw'), assessment, 'en');
    for (const line of script.split('\n')) expectContains(body, line, 'script line');
    expect(value.length).toBeGreaterThan(3000);
    expectContains(body, value, 'long record value');
  });
});

describe('writeReportPdf', () => {
  it('writes atomically: a complete PDF under the name, no temporary file left', async () => {
    const { assessment } = rendered.get(key('no-dmarc.test', 'en'))!;
    const file = artefact('atomic-write.pdf');
    await writeFile(file, 'old content');
    await writeReportPdf(file, assessment, 'en', { timeZone: TIME_ZONE });
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect((await readdir(artefact(''))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await rm(file);
  });

  it('fails with the system error when the target folder does not exist', async () => {
    const { assessment } = rendered.get(key('no-dmarc.test', 'en'))!;
    await expect(writeReportPdf(artefact('no-such-folder/x.pdf'), assessment, 'en')).rejects.toThrow(/ENOENT/);
  });
});
