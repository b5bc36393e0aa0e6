/**
 * `mailaudit assess … --pdf FILE --branding FILE` as a user runs it (a subprocess against the lab
 * DNS server): the branding JSON's firm, signature, accent colour and logo (a path relative to the
 * JSON) reach the PDF; a logo that is not an image, or a file that breaks the schema, ends the run
 * before the assessment with a message and exit 2.
 */
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { labZones } from '../../lab/zones';
import { runCli } from '../../support/cli';
import { countColour, renderPage, solidPng } from './images';
import { artefact, pdfText, requirePoppler, squash } from './pdf-text';

const ACCENT = '#00897b';
let lab: LabDnsServer;
let dir: string;

beforeAll(async () => {
  requirePoppler();
  lab = await startLabDnsServer({ zones: labZones() });
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-branding-'));
  await writeFile(join(dir, 'logo.png'), solidPng(200, 80, '#ff8800'));
  await writeFile(join(dir, 'renamed.png'), 'GIF89a… not a PNG at all');
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function assess(pdf: string, branding: string, lang = 'cs') {
  return runCli([
    'assess',
    'spf-over-limit.test',
    '--resolver',
    lab.address,
    '--quiet',
    '--lang',
    lang,
    '--pdf',
    pdf,
    '--branding',
    branding,
  ]);
}

describe('mailaudit assess --branding', () => {
  it('brands the PDF: firm and signature on the cover, accent colour and logo on page 1, firm in the footer', async () => {
    const branding = join(dir, 'branding.json');
    await writeFile(
      branding,
      JSON.stringify({
        firmName: 'Bezpečná pošta s.r.o.',
        accentColor: ACCENT,
        signature: { name: 'Jana Nováková', role: 'auditorka', place: 'Brno' },
        logo: 'logo.png',
      }),
    );
    const pdf = join(dir, 'branded.pdf');
    const run = await assess(pdf, branding);
    expect(run.code, run.stderr).toBe(0);
    const cover = squash(pdfText(pdf, 'layout', { first: 1, last: 1 }));
    for (const text of ['Bezpečná pošta s.r.o.', 'Jana Nováková', 'auditorka', 'Brno']) expect(cover).toContain(squash(text));
    expect(squash(pdfText(pdf, 'layout', { first: 2, last: 2 }))).toContain(
      squash('Bezpečná pošta s.r.o. · Vytvořeno nástrojem MailAudit'),
    );
    const page = renderPage(pdf, artefact('cli-branding-page1'));
    expect(countColour(page, ACCENT, 20)).toBeGreaterThan(150);
    expect(countColour(page, '#ff8800', 20, [0.55, 0, 1, 0.2])).toBeGreaterThan(2000);
  });

  it('refuses a logo that is not an image before assessing, naming the file', async () => {
    const branding = join(dir, 'bad-logo.json');
    await writeFile(branding, JSON.stringify({ firmName: 'Firma', logo: 'renamed.png' }));
    const pdf = join(dir, 'never.pdf');
    const run = await assess(pdf, branding, 'en');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The file renamed.png is not a PNG or JPEG image');
    await expect(access(pdf)).rejects.toThrow();
  });

  it('refuses a file that breaks the schema, and --branding without --pdf', async () => {
    const branding = join(dir, 'bad-colour.json');
    await writeFile(branding, JSON.stringify({ firmName: 'Firma', accentColor: 'zelená' }));
    const run = await assess(join(dir, 'never.pdf'), branding, 'en');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not valid branding: accentColor: expected a colour as #RRGGBB/);
    const usage = await runCli(['assess', 'spf-over-limit.test', '--resolver', lab.address, '--quiet', '--branding', branding]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--branding is for the report of --pdf');
  });
});
