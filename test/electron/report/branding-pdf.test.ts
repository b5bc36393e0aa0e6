/**
 * The consultant's branding on the report (issue 11 item 4): a branded report is rendered to PNM
 * pixels with pdftoppm and read back with pdftotext. Page 1 carries the accent colour (cover bars,
 * title) and the logo at the top right, the firm's name and the signature block; every later page's
 * footer names the firm. The same report unbranded shows none of them. A JPEG logo (cut out of a
 * rendered page by pdftoppm) is drawn too. Artefacts go to test-results/report/.
 */
import { writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectLogo, type ReportBranding } from '../../../electron/report/branding';
import { renderReportPdf } from '../../../electron/report/pdf';
import { sampleAssessment } from '../store/sample';
import { countColour, jpegOfRegion, renderPage, solidPng } from './images';
import { artefact, pageCount, pdfText, requirePoppler, squash } from './pdf-text';

const ACCENT = '#00897b';
const LOGO_COLOUR = '#ff8800';
const TIME_ZONE = 'Europe/Prague';
/** the top right of the cover, where the logo goes, as fractions of the page */
const LOGO_REGION: [number, number, number, number] = [0.55, 0, 1, 0.2];

const assessment = sampleAssessment({ clientName: 'Pražská strojírna a.s.' });
const generatedAt = new Date('2026-12-02T10:00:00Z');

function branding(logo: ReportBranding['logo']): ReportBranding {
  return {
    firmName: 'Bezpečná pošta s.r.o.',
    accentColor: ACCENT,
    ...(logo ? { logo } : {}),
    signature: { name: 'Jana Nováková', role: 'auditorka', place: 'Brno', date: '2. prosince 2026' },
  };
}

async function render(name: string, options: { branding?: ReportBranding; lang?: 'cs' | 'en' } = {}): Promise<string> {
  const pdf = await renderReportPdf(assessment, options.lang ?? 'cs', {
    timeZone: TIME_ZONE,
    generatedAt,
    ...(options.branding ? { branding: options.branding } : {}),
  });
  const file = artefact(`${name}.pdf`);
  await writeFile(file, pdf);
  return file;
}

beforeAll(() => requirePoppler());

describe('branded cover and footer', () => {
  let branded: string;
  let plainReport: string;

  beforeAll(async () => {
    const logo = inspectLogo(solidPng(240, 96, LOGO_COLOUR));
    [branded, plainReport] = await Promise.all([render('branding-png', { branding: branding(logo) }), render('branding-none')]);
  });

  it('draws the accent colour and the logo on page 1; the unbranded report has neither', () => {
    const page = renderPage(branded, artefact('branding-png-page1'));
    const plainPage = renderPage(plainReport, artefact('branding-none-page1'));
    // The cover bars and the title in the accent colour.
    expect(countColour(page, ACCENT, 20)).toBeGreaterThan(150);
    expect(countColour(plainPage, ACCENT, 20)).toBe(0);
    // The logo (240×96 px fitted into 170×64 pt) fills a good part of its box at 50 dpi.
    expect(countColour(page, LOGO_COLOUR, 20, LOGO_REGION)).toBeGreaterThan(2000);
    expect(countColour(plainPage, LOGO_COLOUR, 20)).toBe(0);
  });

  it('names the firm and prints the signature block on the cover', () => {
    const cover = squash(pdfText(branded, 'layout', { first: 1, last: 1 }));
    for (const text of ['Bezpečná pošta s.r.o.', 'Zpracoval', 'Jana Nováková', 'auditorka', 'Brno', '2. prosince 2026', 'podpis'])
      expect(cover).toContain(squash(text));
    const plainCover = squash(pdfText(plainReport, 'layout', { first: 1, last: 1 }));
    expect(plainCover).not.toContain(squash('Bezpečná pošta'));
    expect(plainCover).not.toContain(squash('Zpracoval'));
  });

  it('names the firm in the footer of every page', () => {
    const pages = pageCount(branded);
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p <= pages; p++) {
      const text = squash(pdfText(branded, 'layout', { first: p, last: p }));
      expect(text, `page ${p}`).toContain(squash('Bezpečná pošta s.r.o. · Vytvořeno nástrojem MailAudit'));
    }
  });

  it('prints the report date in an undated signature block, in English too', async () => {
    const b = branding(undefined);
    const file = await render('branding-en', { lang: 'en', branding: { ...b, signature: { name: 'Jana Nováková' } } });
    const cover = pdfText(file, 'layout', { first: 1, last: 1 });
    expect(squash(cover)).toContain(squash('Prepared by'));
    expect(cover).toMatch(/Date\s+2 Dec 2026/);
  });

  it('draws a JPEG logo', async () => {
    // A JPEG of the PNG logo as drawn on the branded cover (at 72 dpi one pixel is one point).
    const jpeg = jpegOfRegion(branded, artefact('branding-logo'), { x: 400, y: 90, w: 120, h: 40 });
    const logo = inspectLogo(jpeg);
    expect(logo.type).toBe('jpeg');
    const file = await render('branding-jpeg', { branding: branding(logo) });
    expect(countColour(renderPage(file, artefact('branding-jpeg-page1')), LOGO_COLOUR, 30, LOGO_REGION)).toBeGreaterThan(1000);
  });
});
