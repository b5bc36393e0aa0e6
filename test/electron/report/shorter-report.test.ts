/**
 * A shorter report (issue 10), on the legacy lab domain tls-legacy.test (on-premises TLS with
 * everything old, so a long Exchange Server plan with registry values): the management part
 * (cover and summary) takes at most three pages; every line of code fits its block, is broken
 * only between tokens with the wrap mark, and unwraps to the plan's line; each registry value is
 * printed once, in one table; and no text block of the report is printed twice.
 */
import { writeFile } from 'node:fs/promises';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, Language } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { assess } from '../../../electron/engine/engine';
import { reportDocument } from '../../../electron/report/document';
import { buildModel } from '../../../electron/report/model';
import { renderReportPdf } from '../../../electron/report/pdf';
import { WRAP_MARK, plain, unwrapCode } from '../../../electron/report/text';
import { CONTENT_WIDTH, FONT, courierColumns } from '../../../electron/report/theme';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import type { LabWorld } from '../../lab/dnssec-world';
import { REFERENCE_HOST, startSmtpLab, type SmtpLab } from '../../lab/smtp-lab';
import { labWorld } from '../../lab/zones';
import { artefact, pdfText, requirePoppler, squash } from './pdf-text';

const DOMAIN = 'tls-legacy.test';
const TIME_ZONE = 'Europe/Prague';
const LANGS: Language[] = ['cs', 'en'];

let world: LabWorld;
let lab: LabDnsServer;
let smtp: SmtpLab;
let assessment: Assessment;
const rendered = new Map<Language, { doc: TDocumentDefinitions; pages: string[]; raw: string }>();

beforeAll(async () => {
  requirePoppler();
  world = await labWorld();
  [lab, smtp] = await Promise.all([startLabDnsServer({ zones: world.zones }), startSmtpLab()]);
  assessment = await assess(
    { domain: DOMAIN, clientName: 'Pražská strojírna a.s.', consultantName: 'Jiří Čermák' },
    {
      resolvers: [lab.address],
      dnsTimeoutMs: 1000,
      trustAnchorFile: world.anchorFile,
      connectTo: smtp.connectTo,
      caFile: smtp.caFile,
      port25ReferenceHost: REFERENCE_HOST.name,
    },
  );
  for (const lang of LANGS) {
    const file = artefact(`${DOMAIN}-${lang}.pdf`);
    await writeFile(file, await renderReportPdf(assessment, lang, { timeZone: TIME_ZONE }));
    const doc = reportDocument(buildModel(assessment, lang, TIME_ZONE, new Date()));
    rendered.set(lang, { doc, pages: pdfText(file, 'layout').split('\f'), raw: pdfText(file, 'raw') });
  }
}, 120_000);

afterAll(async () => {
  await lab?.close();
  await smtp?.close();
  await world?.dispose();
});

interface TextNode {
  text: string;
  font?: string;
}

/** Every text node of the document's content, its runs joined, with its font when it sets one. */
function textNodes(content: unknown, out: TextNode[] = []): TextNode[] {
  if (Array.isArray(content)) {
    for (const item of content) textNodes(item, out);
  } else if (typeof content === 'string') {
    out.push({ text: content });
  } else if (content && typeof content === 'object') {
    const node = content as Record<string, unknown>;
    if (typeof node.text === 'string' || Array.isArray(node.text)) {
      const runs = Array.isArray(node.text) ? node.text : [node.text];
      const text = runs.map((r) => (typeof r === 'string' ? r : String((r as { text?: unknown }).text ?? ''))).join('');
      out.push({ text, ...(typeof node.font === 'string' ? { font: node.font } : {}) });
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'text' && typeof value === 'object') textNodes(value, out);
  }
  return out;
}

/** The printed lines of one code node grouped into the code lines they print. */
function codeLinesOf(text: string): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  for (const line of text.split('\n')) {
    group.push(line);
    if (!line.endsWith(WRAP_MARK)) {
      groups.push(group);
      group = [];
    }
  }
  if (group.length) groups.push(group);
  return groups;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.each(LANGS)('the %s report of the legacy lab domain', (lang) => {
  const get = () => rendered.get(lang)!;
  const code = () => textNodes(get().doc.content as Content).filter((n) => n.font === FONT.mono);

  it('keeps the management part (cover and summary) to at most three pages', () => {
    const { pages } = get();
    // Page 1 (the cover) lists the chapters; the findings chapter starts the technical part.
    const findings = pages.findIndex((p, i) => i > 0 && p.includes(translate(lang, 'report.findings.title')));
    expect(findings, 'findings chapter found').toBeGreaterThan(0);
    expect(findings, 'pages before the findings chapter').toBeLessThanOrEqual(3);
    expect(pages[findings - 1]).toContain(translate(lang, 'report.summary.requirements'));
  });

  it('prints every code line within its block, broken only between tokens with the mark', () => {
    const nodes = code();
    expect(nodes.length).toBeGreaterThan(10);
    const budget = courierColumns(CONTENT_WIDTH - 14);
    const rawLines = get().raw.split('\n').map(collapse);
    let wraps = 0;
    for (const node of nodes) {
      for (const group of codeLinesOf(node.text)) {
        group.forEach((line, i) => {
          expect(line.length, line).toBeLessThanOrEqual(budget);
          if (i < group.length - 1) {
            wraps++;
            const body = line.slice(0, -WRAP_MARK.length);
            // A break at a space, or a cut in a token longer than the whole line.
            if (!body.endsWith(' ')) expect(body.trim(), `cut inside a token: ${line}`).not.toMatch(/\s/);
          }
          if (i > 0) expect(line, 'continuation indented').toMatch(/^ {4}/);
          // pdfmake did not break it further: the printed line is one line of the PDF.
          if (line.trim())
            expect(
              rawLines.some((r) => r.includes(collapse(line))),
              `one PDF line: ${line}`,
            ).toBe(true);
        });
      }
    }
    expect(wraps, 'the legacy plan has lines to wrap').toBeGreaterThan(0);
  });

  it('prints each command, record and registry key of the plan whole after unwrapping', () => {
    const printed = new Set(code().flatMap((n) => codeLinesOf(n.text).map(unwrapCode)));
    const { plan } = buildModel(assessment, lang, TIME_ZONE, new Date());
    const expected = plan.steps.flatMap((s) =>
      s.actions.flatMap((a) =>
        a.kind === 'powershell' ? a.code.split('\n') : a.kind === 'dns-record' ? [a.value] : a.kind === 'registry' ? [a.path] : [],
      ),
    );
    expect(expected.length).toBeGreaterThan(5);
    for (const line of expected) expect(printed.has(plain(line)), line).toBe(true);
  });

  it('prints each registry value once, in one table, without its .reg and PowerShell forms', () => {
    const { plan } = buildModel(assessment, lang, TIME_ZONE, new Date());
    const steps = plan.steps.filter((s) => s.actions.some((a) => a.kind === 'registry'));
    expect(steps.length).toBeGreaterThan(0);
    const nodes = code().map((n) => unwrapCode(n.text.split('\n')));
    const raw = squash(get().raw.replace(new RegExp(`${WRAP_MARK}\\s*\\n\\s*`, 'g'), ''));
    for (const step of steps) {
      const values = step.actions.filter((a) => a.kind === 'registry');
      for (const path of new Set(values.map((a) => a.path))) {
        const holding = plan.steps.filter((s) => s.actions.some((a) => a.kind === 'registry' && a.path === path)).length;
        expect(nodes.filter((n) => n === path).length, `key ${path} once per step`).toBe(holding);
      }
      for (const value of values) {
        expect(raw).not.toContain(squash(value.reg));
        expect(raw).not.toContain(squash(value.powershell));
      }
    }
    expect(raw).not.toContain('WindowsRegistryEditorVersion5.00');
    // One table row per value: the name cells in code type, next to the type.
    const tables = JSON.stringify(get().doc.content);
    const rows = plan.steps.flatMap((s) => s.actions).filter((a) => a.kind === 'registry').length;
    expect(tables.split('"text":"DWORD"').length - 1 + (tables.split('"text":"String"').length - 1)).toBe(rows);
  });

  it('says where the exact scripts are: --plan-dir, the wizard button and the file names', () => {
    const appendix = get().raw.slice(get().raw.lastIndexOf(translate(lang, 'report.appendix.title')));
    expect(squash(appendix)).toContain('--plan-dirDIR'.replace('DIR', lang === 'cs' ? 'SLOŽKA' : 'DIR'));
    expect(appendix).toContain(translate(lang, 'ui.export.plan'));
    for (const file of ['exchange-online.ps1', 'exchange-server.ps1', 'registry.reg', 'dns-records.zone', 'dns-administrator.txt'])
      expect(appendix).toContain(file);
  });

  it('prints no text block twice', () => {
    // Names and fixed phrases label places (a check's name heads its timings row and its evidence); they are no content.
    const labels = new Set([
      ...assessment.attempts.map((x) => translate(lang, `check.${x.checkId}`)),
      translate(lang, 'report.findings.none'),
    ]);
    const counts = new Map<string, number>();
    for (const { text } of textNodes(get().doc.content as Content)) {
      const key = collapse(text);
      if (key.length >= 40 && !labels.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  });
});
