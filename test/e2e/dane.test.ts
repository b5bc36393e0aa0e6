/**
 * End to end in Chromium (DESIGN §7) for issue 8's wizard parts, against the signed lab world
 * and the SMTP lab: the DNSSEC trust-anchor setting of the domain step (a malformed file is
 * refused with its line, the lab root's DS is taken and used by the run, then reset to the IANA
 * root keys), the chain of trust and TLSA matches in the evidence as readable lines, and the
 * TLSA generator of the results step (a password-protected PKCS#12 file: wrong password, right
 * password, the records with copy buttons; a file that is no certificate). Screenshots go to
 * test-results/e2e/.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import type { LabWorld } from '../lab/dnssec-world';
import { daneMaterial, startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { labWorld } from '../lab/zones';
import { exposeApp, screenshot, startStage, type E2eStage } from './harness';

const exec = promisify(execFile);
const PASSWORD = 'Heslo-ř-2026';

let world: LabWorld;
let lab: LabDnsServer;
let smtp: SmtpLab;
let stage: E2eStage;
const files = {} as Record<'badAnchor' | 'p12' | 'text', string>;
let spki: string;

beforeAll(async () => {
  world = await labWorld();
  [stage, lab, smtp] = await Promise.all([startStage('mailaudit-e2e-dane-'), startLabDnsServer({ zones: world.zones }), startSmtpLab()]);

  Object.assign(files, {
    badAnchor: path.join(stage.work, 'anchors.ds'),
    p12: path.join(stage.work, 'mail.dane-ok.test.pfx'),
    text: path.join(stage.work, 'poznamky.txt'),
  });
  await writeFile(files.badAnchor, `; lab root\n. IN DS 12345 13 2 ABCDEF\n`);
  await writeFile(files.text, 'Certifikát obnovit v březnu.\n');
  // The key mail.dane-ok.test serves, in a PKCS#12 file as an administrator exports it.
  const key = path.join(stage.work, 'dane.key');
  const cert = path.join(stage.work, 'dane.pem');
  await writeFile(key, daneMaterial().current.pem);
  await exec('openssl', ['req', '-x509', '-new', '-key', key, '-subj', '/CN=mail.dane-ok.test', '-days', '30', '-out', cert]);
  await exec('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', files.p12, '-passout', `pass:${PASSWORD}`]);
  const pub = await exec('openssl', ['x509', '-in', cert, '-noout', '-pubkey']);
  await writeFile(`${cert}.pub`, pub.stdout);
  await exec('openssl', ['pkey', '-pubin', '-in', `${cert}.pub`, '-outform', 'DER', '-out', `${cert}.der`]);
  spki = (await exec('openssl', ['dgst', '-sha256', '-r', `${cert}.der`])).stdout.split(' ')[0]!.toUpperCase();
}, 180_000);

afterAll(async () => {
  await stage?.close();
  await lab?.close();
  await smtp?.close();
  await world?.dispose();
});

describe('DNSSEC trust anchor, chain evidence and the TLSA generator in Chromium', () => {
  it('sets the trust anchor from a file, shows the chain and TLSA matches, and makes TLSA records from a protected PKCS#12 file', async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'cs-CZ' });
    const problems: string[] = [];
    try {
      const app = await exposeApp(
        context,
        {
          resolver: lab.address,
          storeDir: path.join(stage.work, 'store'),
          engine: { connectTo: smtp.connectTo, caFile: smtp.caFile, port25ReferenceHost: 'mx.port25-reference.test' },
        },
        stage.server.url,
      );
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(stage.server.url);
      await page.getByRole('button', { name: 'Nové posouzení' }).click();
      await page.getByText('Další údaje (hostitelé, selektory DKIM, platforma)').click();

      // The built-in anchors first.
      const setting = page.getByTestId('trust-anchor');
      expect(await setting.getByTestId('trust-anchor-current').textContent()).toContain('Kořenové klíče IANA (výchozí)');

      // A malformed file: the line and the reason, and nothing changes.
      app.nextOpenPath = files.badAnchor;
      await setting.getByTestId('trust-anchor-choose').click();
      const refused = setting.getByTestId('notice');
      await refused.waitFor();
      expect(await refused.textContent()).toMatch(/anchors\.ds nelze použít jako kotvu důvěry: na řádku 2 /);
      expect(await setting.getByTestId('trust-anchor-current').textContent()).toContain('Kořenové klíče IANA');
      expect(app.service.trustAnchor).toBeUndefined();

      // The lab root's DS: shown with its key tag, kept in the main process.
      app.nextOpenPath = world.anchorFile;
      await setting.getByTestId('trust-anchor-choose').click();
      await setting.getByText('Kotvy důvěry jsou načtené').waitFor();
      const keyTag = / DS (\d+) 13 2 /.exec(world.anchors)![1]!;
      expect(await setting.getByTestId('trust-anchor-current').textContent()).toContain(world.anchorFile);
      expect(await setting.textContent()).toContain(`. DS, klíč ${keyTag}, algoritmus 13, otisk typu 2`);
      expect(app.service.trustAnchor?.path).toBe(world.anchorFile);
      await screenshot(page, 'dane-01-trust-anchor', { fullPage: false });

      // The run validates from it: DNSSEC secure, DANE matched.
      await page.getByLabel(/^Doména/).fill('dane-ok.test');
      await page.getByRole('button', { name: 'Spustit posouzení' }).click();
      await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-requirement="dnssec"]').getAttribute('data-verdict')).toBe('pass');
      expect(['pass', 'partial']).toContain(await page.locator('[data-requirement="dane"]').getAttribute('data-verdict'));

      // The chain of trust as lines: one per zone, key tags and dates readable, no "\n" escapes.
      await page.evaluate(() => {
        for (const d of document.querySelectorAll('details')) d.open = true;
      });
      const chain = page.locator('[data-key="finding.dnssec.secure"]').getByTestId('evidence-lines').first();
      const chainLines = (await chain.textContent())!.split('\n');
      expect(chainLines[0]).toMatch(new RegExp(`^\\. secure · trust anchor · DS ${keyTag}/13/2 ✓ · DNSKEY ${keyTag}/13 KSK`));
      expect(chainLines).toContainEqual(expect.stringMatching(/^test\. secure · DS \d+\/13\/2 ✓/));
      expect(chainLines.at(-1)).toMatch(/^dane-ok\.test\. MX NOERROR: secure · RRSIG MX \d+\/13 \d{4}-\d\d-\d\d–\d{4}-\d\d-\d\d valid$/);
      expect(await chain.textContent()).not.toContain('\\n');
      const match = page.locator('[data-key="finding.dane.match"]');
      expect(await match.getByTestId('evidence-lines').first().textContent()).toBe(`3 1 1 ${spki}: matches certificate 0 of the chain`);
      await match.scrollIntoViewIfNeeded();
      await screenshot(page, 'dane-02-evidence', { fullPage: false });

      // The TLSA generator beside the DANE findings: a protected file asks for its password.
      const generator = page.getByTestId('tlsa-generator');
      app.nextOpenPath = files.p12;
      await generator.getByTestId('tlsa-choose').click();
      const password = generator.getByLabel('Heslo k souboru mail.dane-ok.test.pfx');
      await password.waitFor();
      await password.fill('spatne');
      await generator.getByRole('button', { name: 'Otevřít' }).click();
      await generator.getByTestId('tlsa-wrong-password').waitFor();
      expect(await password.inputValue()).toBe('');
      expect(await password.getAttribute('aria-invalid')).toBe('true');
      await password.fill(PASSWORD);
      await generator.getByRole('button', { name: 'Otevřít' }).click();
      const record = generator.getByTestId('tlsa-record').first();
      await record.waitFor();
      const line = `_25._tcp.mail.dane-ok.test. IN TLSA 3 1 1 ${spki}`;
      expect(await record.textContent()).toBe(line);
      expect(await generator.getByTestId('tlsa-result').textContent()).toContain('už zveřejněný');
      // The page sent the main process a token and the password, never the file's path.
      const unlocks = app.invokes.filter((i) => i.channel === 'tlsa:unlock');
      expect(unlocks).toHaveLength(2);
      await generator.getByRole('button', { name: 'Kopírovat záznam TLSA _25._tcp.mail.dane-ok.test.' }).click();
      await generator.getByText('Zkopírováno').first().waitFor();
      expect(app.clipboard).toEqual([line]);
      await generator.scrollIntoViewIfNeeded();
      await screenshot(page, 'dane-03-tlsa-generator', { fullPage: false });

      // A file that is no certificate: said in plain words, the records stay.
      app.nextOpenPath = files.text;
      await generator.getByTestId('tlsa-choose').click();
      const notice = generator.getByTestId('notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('Soubor poznamky.txt neobsahuje certifikát ani žádost o certifikát (CSR).');
      expect(await record.textContent()).toBe(line);

      // In English too.
      await page.getByRole('button', { name: 'English' }).click();
      expect(await generator.textContent()).toContain('Create TLSA from certificate file…');
      expect(await generator.textContent()).toContain('already published');
      await page.getByRole('button', { name: 'Čeština' }).click();

      // Back on the domain step: reset to the IANA root keys.
      await page.getByRole('button', { name: /MailAudit – úvodní obrazovka/ }).click();
      await page.getByRole('button', { name: 'Nové posouzení' }).click();
      await page.getByTestId('trust-anchor-reset').click();
      await page.getByText('Při dalším posouzení se použijí kořenové klíče IANA.').waitFor();
      expect(await page.getByTestId('trust-anchor-current').textContent()).toContain('Kořenové klíče IANA (výchozí)');
      expect(app.service.trustAnchor).toBeUndefined();

      expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
