/**
 * Requirement 6's guided manual test in the PDF report: an assessment of a lab domain whose
 * platform is unknown (so row 6 waits for the test), rendered with a recorded test in Czech and
 * English and read back with pdftotext. Under requirement 6 the report shows the verdict from the
 * record, the message naming the test domain, and the record itself (where, when, whether it left,
 * the note, when recorded); the summary and the appendix show the recorded finding and no longer
 * "not verifiable from outside". Artefacts go to test-results/report/.
 */
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, Language } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { effectiveFindings } from '../../../shared/requirements';
import { assess } from '../../../electron/engine/engine';
import { renderReportPdf } from '../../../electron/report/pdf';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { labZones } from '../../lab/zones';
import { artefact, pdfText, requirePoppler, squash } from './pdf-text';

const TIME_ZONE = 'Europe/Prague';
const SENT_TO = 'dane-test@bad-tlsa.example';
const NOTE_LINES = ['Odesláno z mail.no-dmarc.test přes hlavní bránu.', 'Server odpověděl 250 2.0.0 OK <queued>.'];

let lab: LabDnsServer;
let waiting: Assessment;

function withTest(a: Assessment, left: boolean): Assessment {
  return {
    ...a,
    manualTests: {
      daneOutbound: {
        sentTo: SENT_TO,
        sentAt: '2026-03-02T11:30:00+01:00',
        left,
        note: NOTE_LINES.join('\n'),
        recordedAt: '2026-03-02T10:41:00.000Z',
      },
    },
  };
}

async function render(a: Assessment, lang: Language, name: string): Promise<{ layout: string; raw: string }> {
  const file = artefact(name);
  await writeFile(file, await renderReportPdf(a, lang, { timeZone: TIME_ZONE, generatedAt: new Date('2026-03-02T12:00:00Z') }));
  return { layout: pdfText(file, 'layout'), raw: pdfText(file, 'raw') };
}

/** The findings chapter's part for requirement 6: from its heading to the next requirement's. */
function row6Chapter(text: string, lang: Language): string {
  const start = text.indexOf(`6. ${translate(lang, 'requirement.dane-outbound.title')}`);
  const end = text.indexOf(`7. ${translate(lang, 'requirement.mail-auth.title')}`, start);
  expect(start, 'heading of requirement 6').toBeGreaterThan(-1);
  expect(end, 'heading of requirement 7').toBeGreaterThan(start);
  return text.slice(start, end);
}

beforeAll(async () => {
  requirePoppler();
  lab = await startLabDnsServer({ zones: labZones() });
  waiting = await assess({ domain: 'no-dmarc.test' }, { resolvers: [lab.address], dnsTimeoutMs: 1000 });
  // The platform cannot be told from outside: row 6 waits for its manual test.
  expect(waiting.findings.map((f) => f.key)).toContain('finding.dane_outbound.manual_test');
}, 60_000);

afterAll(async () => {
  await lab?.close();
});

describe('the recorded manual test of requirement 6 in the PDF', () => {
  it('cs, the message left: row 6 not met, the message naming the test domain, and the record under it', async () => {
    const { layout, raw } = await render(withTest(waiting, true), 'cs', 'manual-test-left-cs.pdf');
    const chapter = row6Chapter(raw, 'cs');
    // The heading, then the verdict badge (badges are upper case).
    expect(chapter.split('\n')[1]).toBe(translate('cs', 'verdict.fail').toUpperCase());
    expect(squash(chapter)).toContain(
      squash(translate('cs', 'finding.dane_outbound.manual_not_validated', { sentTo: SENT_TO, sentAt: '2026-03-02 11:30' })),
    );
    expect(chapter).toContain('Ruční test odesílání zaznamenaný konzultantem');
    expect(squash(chapter)).toContain(squash(`Odesláno na ${SENT_TO}`));
    expect(squash(chapter)).toContain(squash('Odesláno 2. března 2026 v 11:30:00 (Europe/Prague, UTC+01:00)'));
    expect(squash(chapter)).toContain(squash(translate('cs', 'report.manual_test.left')));
    // The note keeps its lines; the markup in it is text.
    expect(chapter).toMatch(/Poznámka\s+Odesláno z mail\.no-dmarc\.test přes hlavní bránu\.\nServer odpověděl 250 2\.0\.0 OK <queued>\./);
    expect(squash(chapter)).toContain(squash('Zaznamenáno 2. března 2026 v 11:41:00 (Europe/Prague, UTC+01:00)'));
    // "Not verifiable from outside" is gone from the row and from the whole report.
    expect(squash(layout)).not.toContain(squash(translate('cs', 'finding.dane_outbound.manual_test').slice(0, 40)));

    // The summary's row 6: the verdict and the gist naming the test domain.
    const summaryRow = layout.split('\n').findIndex((line) => /^\s*6\s+Odesílající servery ověřují DANE/.test(line));
    expect(summaryRow).toBeGreaterThan(-1);
    expect(
      squash(
        layout
          .split('\n')
          .slice(summaryRow, summaryRow + 4)
          .join(' '),
      ),
    ).toContain(squash(`na ${SENT_TO} odešla`));
    expect(layout.split('\n')[summaryRow]).toContain(translate('cs', 'verdict.fail').toUpperCase());

    // The appendix names the recorded finding by its label (the chapter explains it) with the note as its evidence.
    const appendix = raw.slice(raw.lastIndexOf(translate('cs', 'report.appendix.evidence')));
    expect(squash(appendix)).not.toContain(squash(`zpráva odeslaná 2026-03-02 11:30 na ${SENT_TO} odešla`));
    expect(appendix).toMatch(/\bZ\d+\b/);
    expect(appendix).toContain('Poznámka konzultanta');
    expect(squash(appendix)).toContain(squash(NOTE_LINES[0]!));
  });

  it('en, the message did not leave: row 6 met, and the severity counts those of the verdicts', async () => {
    const recorded = withTest(waiting, false);
    const { layout, raw } = await render(recorded, 'en', 'manual-test-stayed-en.pdf');
    const chapter = row6Chapter(raw, 'en');
    expect(chapter.split('\n')[1]).toBe(translate('en', 'verdict.pass').toUpperCase());
    expect(squash(chapter)).toContain(
      squash(translate('en', 'finding.dane_outbound.manual_validated', { sentTo: SENT_TO, sentAt: '2026-03-02 11:30' })),
    );
    expect(chapter).toContain('Manual sending test recorded by the consultant');
    expect(squash(chapter)).toContain(squash(`Sent to ${SENT_TO}`));
    expect(squash(chapter)).toContain(squash(translate('en', 'report.manual_test.stayed')));
    expect(squash(chapter)).toContain(squash('Recorded 2 March 2026 at 11:41:00 (Europe/Prague, UTC+01:00)'));
    // The severity chart counts the findings the verdicts rest on: the test's pass, no "not tested" for it.
    const findings = effectiveFindings(recorded);
    expect(layout).toContain(`Findings of all checks by level (${findings.length} in total).`);
    const bar = (label: string) => Number(new RegExp(String.raw`\b${label}\s+(\d+)\s*$`, 'm').exec(layout)?.[1]);
    expect(bar('not tested')).toBe(findings.filter((f) => f.status === 'not_tested').length);
    expect(bar('pass')).toBe(findings.filter((f) => f.status === 'pass').length);
    expect(bar('pass')).toBe(waiting.findings.filter((f) => f.status === 'pass').length + 1);
  });

  it('without a record: the row waits for the test and no record is shown', async () => {
    const { raw } = await render(waiting, 'en', 'manual-test-none-en.pdf');
    const chapter = row6Chapter(raw, 'en');
    expect(chapter.split('\n')[1]).toBe(translate('en', 'verdict.not_verified').toUpperCase());
    expect(squash(chapter)).toContain(squash(translate('en', 'finding.dane_outbound.manual_test').slice(0, 60)));
    expect(chapter).not.toContain('Manual sending test recorded by the consultant');
    expect(raw).not.toContain(SENT_TO);
  });
});
