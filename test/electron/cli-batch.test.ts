/**
 * Several domains in one run (`mailaudit assess a b … | --domains FILE --out-dir DIR`), against the
 * lab: twelve lab domains and one that does not exist in one CLI run (one JSON each, summary.json,
 * the summary PDF, exit 2 for the dead one); the usage errors that stop a run before any network
 * work; and, in process, domains sharing one MX host through the run's single Connector: never
 * more than 2 connections open to that host at once (the Connector's count; a relay in front of the
 * server confirms every connection went there), and never more domains running than --concurrency.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment } from '../../shared/assessment';
import { parseDomainList } from '../../shared/batch';
import { translate } from '../../shared/i18n/index';
import { REQUIREMENTS, evaluateRequirements, overallVerdict } from '../../shared/requirements';
import { runBatch } from '../../electron/cli-batch';
import { buildConnector } from '../../electron/engine/engine';
import { plain } from '../../electron/report/text';
import { startLabDnsServer, txt, type LabDnsServer, type LabRecord, type LabZone } from '../lab/dns-server';
import { REFERENCE_HOST, startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { TWELVE_DOMAINS, labZones } from '../lab/zones';
import { pdfText, requirePoppler, squash } from './report/pdf-text';
import { runCli } from '../support/cli';

const DEAD = 'does-not-exist.test';
const label = (a: { request: { domain: string; domainUnicode: string } }) =>
  a.request.domainUnicode === a.request.domain ? a.request.domain : `${a.request.domainUnicode} (${a.request.domain})`;

/** Domains of four "companies" of one group whose mail goes through one MX host. */
const SHARED = ['alfa.shared.test', 'beta.shared.test', 'gama.shared.test', 'delta.shared.test', 'epsilon.shared.test'];
const SHARED_MX = { name: 'mx.shared-mx.test', address: '127.0.40.70' };

function sharedZones(): LabZone[] {
  const soa = (origin: string): LabRecord => ({
    name: '@',
    type: 'SOA',
    data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 2026120201, minimum: 300 },
  });
  const base = (origin: string): LabRecord[] => [
    soa(origin),
    { name: '@', type: 'NS', data: `ns1.${origin}` },
    { name: 'ns1', type: 'A', data: '127.0.0.53' },
  ];
  return [
    { origin: 'shared-mx.test', records: [...base('shared-mx.test'), { name: 'mx', type: 'A', data: SHARED_MX.address }] },
    ...SHARED.map((origin) => ({
      origin,
      records: [
        ...base(origin),
        { name: '@', type: 'MX', data: { preference: 10, exchange: SHARED_MX.name } } as LabRecord,
        { name: '@', type: 'TXT', data: txt('v=spf1 mx -all') } as LabRecord,
        { name: '_dmarc', type: 'TXT', data: txt('v=DMARC1; p=reject') } as LabRecord,
      ],
    })),
  ];
}

/** A TCP relay in front of a server that counts the connections made through it. */
async function startRelay(target: { host: string; port: number }) {
  let total = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    total++;
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as net.AddressInfo).port,
    stats: () => ({ total }),
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

let lab: LabDnsServer;
let smtp: SmtpLab;
let dir: string;

beforeAll(async () => {
  requirePoppler();
  lab = await startLabDnsServer({ zones: [...labZones(), ...sharedZones()] });
  smtp = await startSmtpLab();
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-batch-'));
});

afterAll(async () => {
  await lab?.close();
  await smtp?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mailaudit assess with several domains', () => {
  it('assesses twelve lab domains and a dead one from --domains FILE: one JSON each, summary.json, the summary PDF, exit 2', async () => {
    const list = join(dir, 'group.txt');
    await writeFile(
      list,
      [
        '# Skupina Alfa: every company of the group',
        ...TWELVE_DOMAINS.slice(0, 6),
        `${DEAD}   # sold last year`,
        '',
        ...TWELVE_DOMAINS.slice(6),
        'exo-good.test # given twice',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const pdf = join(dir, 'group-summary.pdf');
    const run = await runCli([
      'assess',
      '--domains',
      list,
      '--out-dir',
      out,
      '--pdf',
      pdf,
      '--resolver',
      lab.address,
      '--lang',
      'en',
      '--client',
      'Skupina Alfa a.s.',
      ...smtp.args,
    ]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toMatch(/internal error|Warning/);

    // One JSON per assessed domain (A-label names), each a valid Assessment of that domain; the dead one has none.
    const ascii = parseDomainList(TWELVE_DOMAINS.join('\n')).domains.map((d) => d.ascii);
    const written = await readdir(out);
    expect(written.sort()).toEqual([...ascii.flatMap((d) => [`${d}.json`, `${d}.pdf`]), 'summary.json'].sort());
    const assessments = await Promise.all(
      ascii.map(async (d) => {
        const parsed = parseAssessment(JSON.parse(await readFile(join(out, `${d}.json`), 'utf8')));
        if (!parsed.ok) throw new Error(`${d}: ${parsed.errors.join('; ')}`);
        expect(parsed.value.request.domain).toBe(d);
        expect(parsed.value.request.clientName).toBe('Skupina Alfa a.s.');
        expect(parsed.value.cancelled).toBe(false);
        return parsed.value;
      }),
    );

    // summary.json: every domain in the list's order (the duplicate once), the dead one with its reason.
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.domains.map((r: { domain: string }) => r.domain)).toEqual([...ascii.slice(0, 6), DEAD, ...ascii.slice(6)]);
    expect(summary.counts).toMatchObject({ assessed: 12, failed: 1, cancelled: 0 });
    const dead = summary.domains.find((r: { domain: string }) => r.domain === DEAD);
    expect(dead).toMatchObject({ status: 'failed', error: { key: 'domain.not_found' } });
    expect(dead.message).toBe(translate('en', 'domain.not_found', { domain: DEAD }));
    for (const a of assessments) {
      const row = summary.domains.find((r: { domain: string }) => r.domain === a.request.domain);
      expect(row).toMatchObject({
        status: 'assessed',
        json: `${a.request.domain}.json`,
        pdf: `${a.request.domain}.pdf`,
        assessmentId: a.id,
      });
      expect(row.overall).toBe(overallVerdict(evaluateRequirements(a)));
    }

    // The network was measured once, before the domains: every assessment and summary.json carry that one measurement.
    expect(summary.readiness?.checkedAt).toEqual(expect.any(String));
    for (const a of assessments) expect(a.readiness).toEqual(summary.readiness);
    expect(run.stdout.split('\n').filter((l) => l === `== ${translate('en', 'readiness.title')}`)).toHaveLength(1);

    // Progress: a start and an end line per domain, the dead one with the reason; the duplicate is said.
    expect(run.stderr).toContain(`[7/13] ${DEAD}: ${translate('en', 'cli.batch.failed', { reason: dead.message })}`);
    expect(run.stderr.match(/^\[\d+\/13\] .*: assessing…$/gm)).toHaveLength(13);
    expect(run.stderr).toContain(translate('en', 'cli.batch.duplicate', { domain: 'exo-good.test' }));

    // Stdout: the table with every domain and its overall verdict, the dead one and the files.
    for (const a of assessments) {
      const name = a.request.domainUnicode === a.request.domain ? a.request.domain : `${a.request.domainUnicode} (${a.request.domain})`;
      const line = run.stdout.split('\n').find((l) => l.startsWith(`${name} `));
      expect(line, name).toBeDefined();
      expect(line!.trimEnd().endsWith(translate('en', `verdict.${overallVerdict(evaluateRequirements(a))}`))).toBe(true);
    }
    expect(run.stdout).toContain(`  ${DEAD}: ${dead.message}`);
    expect(run.stdout).toContain(translate('en', 'cli.batch.summary_pdf', { path: pdf }));

    // The summary PDF: each domain with its overall verdict, the marks per requirement, the dead one's reason, the files.
    const text = pdfText(pdf, 'layout');
    const raw = squash(pdfText(pdf, 'raw'));
    expect(text).toContain('Skupina Alfa a.s.');
    for (const a of assessments) {
      const line = text
        .split('\n')
        .find((l) => l.includes(` ${plain(a.request.domainUnicode)} `) || l.trimStart().startsWith(plain(a.request.domainUnicode)));
      expect(line, a.request.domain).toBeDefined();
      const verdicts = evaluateRequirements(a);
      const marks = REQUIREMENTS.map(
        (r) => ({ pass: '+', partial: '~', fail: 'x', not_verified: '?' })[verdicts.find((v) => v.id === r.id)!.verdict],
      );
      expect(squash(line!)).toContain(`${squash(plain(label(a)))}${marks.join('')}`);
      expect(line).toContain(translate('en', `verdict.${overallVerdict(verdicts)}`).toUpperCase());
      expect(raw).toContain(`${a.request.domain}.pdf`);
    }
    expect(raw).toContain(squash(translate('en', 'domain.not_found', { domain: DEAD })));
    expect(text).toContain(translate('en', 'report.batch.table.not_assessed').toUpperCase());
  }, 60_000);

  it('refuses a list with a bad line, naming each line and its reason, before any network work', async () => {
    const list = join(dir, 'bad.txt');
    await writeFile(list, '# group\nalfa.test\nhttps://beta.test\n\n192.0.2.1 # the old server\n');
    const out = join(dir, 'never');
    const run = await runCli(['assess', '--domains', list, '--out-dir', out, '--resolver', '127.0.0.1:9', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(translate('en', 'cli.batch.list_problems', { file: list }));
    expect(run.stderr).toContain(`line 3: "https://beta.test" – ${translate('en', 'domain.invalid_character')}`);
    expect(run.stderr).toContain(`line 5: "192.0.2.1" – ${translate('en', 'domain.ip_literal')}`);
    expect(run.stderr).not.toMatch(/line [124]:/);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('refuses options of one domain, a missing --out-dir and a folder with files in it; nothing is overwritten', async () => {
    const full = join(dir, 'full');
    await mkdir(full);
    await writeFile(join(full, 'alfa.test.json'), 'keep me');
    // Each is refused before any network work; the processes run at once to keep the test short.
    const [json, noOut, concurrency, run, pdf] = await Promise.all([
      runCli(['assess', 'alfa.test', 'beta.test', '--json', join(dir, 'x.json'), '--out-dir', join(dir, 'o1')]),
      runCli(['assess', 'alfa.test', 'beta.test']),
      runCli(['assess', 'alfa.test', 'beta.test', '--out-dir', join(dir, 'o2'), '--concurrency', '9']),
      runCli(['assess', 'alfa.test', 'beta.test', '--out-dir', full, '--resolver', '127.0.0.1:9', '--lang', 'en']),
      runCli(['assess', 'alfa.test', 'beta.test', '--out-dir', join(dir, 'o3'), '--pdf', join(dir, 'nowhere', 's.pdf'), '--lang', 'en']),
    ]);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain(translate('en', 'cli.batch.pdf_folder_missing', { path: join(dir, 'nowhere') }));
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/--json is for one domain/);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out-dir/);
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toMatch(/--concurrency must be/);
    await expect(readdir(join(dir, 'o1'))).rejects.toThrow();

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(translate('en', 'cli.batch.out_dir_not_empty', { path: full }));
    expect(run.stderr).not.toMatch(/assessing/);
    expect(await readFile(join(full, 'alfa.test.json'), 'utf8')).toBe('keep me');
    expect(await readdir(full)).toEqual(['alfa.test.json']);
  });
});

describe('runBatch: one Connector for the whole run', () => {
  it('keeps at most 2 connections open to an MX host the domains share, and at most --concurrency domains running', async () => {
    const server = smtp.servers.get('mail.tls-modern.test')!;
    const relay = await startRelay({ host: server.host, port: server.port });
    try {
      const engine = {
        resolvers: [lab.address],

        connectTo: [...smtp.connectTo, `${SHARED_MX.name}:25:127.0.0.1:${relay.port}`],
        caFile: smtp.caFile,
        port25ReferenceHost: REFERENCE_HOST.name,
      };
      const connector = buildConnector(engine)();
      const err: string[] = [];
      const out = join(dir, 'shared');
      await mkdir(out);
      const concurrency = 3;
      const code = await runBatch(
        {
          domains: parseDomainList(SHARED.join('\n')).domains,
          outDir: out,
          concurrency,
          lang: 'en',
          quiet: false,
          request: { dkimSelectors: [], platformHint: 'unknown' },
          engine,
          connector,
        },
        { out: () => {}, err: (text) => err.push(...text.trimEnd().split('\n')) },
      );
      expect(code, err.join('\n')).toBe(0);
      expect((await readdir(out)).sort()).toEqual([...SHARED.map((d) => `${d}.json`), 'summary.json'].sort());

      // Every domain's TLS work went to the shared host through the one connector: many connections, never more than 2 at once.
      const host = connector.stats().find((s) => s.address === '127.0.0.1');
      expect(host?.connections).toBeGreaterThan(SHARED.length * 3);
      expect(host?.peakConcurrent).toBe(2);
      for (const s of connector.stats()) expect(s.peakConcurrent, s.address).toBeLessThanOrEqual(2);
      // The relay in front of the server saw them all arrive (its own count of open ones lags a closing
      // socket, so the at-once figure is the connector's).
      expect(relay.stats().total).toBe(host!.connections);

      // Domains running at once, from the progress lines: up to --concurrency, never more.
      let running = 0;
      let peak = 0;
      for (const line of err) {
        if (/: assessing…$/.test(line)) peak = Math.max(peak, ++running);
        else if (/^\[\d+\/\d+\] /.test(line)) running--;
      }
      expect(running).toBe(0);
      expect(peak).toBe(concurrency);
    } finally {
      await relay.close();
    }
  }, 60_000);

  it('cancelled (Ctrl+C) during the second domain: the first is written, the rest are cancelled, exit 2', async () => {
    const engine = { resolvers: [lab.address], connectTo: smtp.connectTo, port25ReferenceHost: REFERENCE_HOST.name };
    const controller = new AbortController();
    const out = join(dir, 'cancelled');
    await mkdir(out);
    const domains = parseDomainList(TWELVE_DOMAINS.slice(0, 4).join('\n')).domains;
    const code = await runBatch(
      {
        domains,
        outDir: out,
        concurrency: 1,
        lang: 'en',
        quiet: false,
        request: { dkimSelectors: [], platformHint: 'unknown' },
        engine,
        connector: buildConnector(engine)(controller.signal),
        signal: controller.signal,
      },
      // Ctrl+C just as the second domain starts: the first is done, the second is cut short, the others never start.
      { out: () => {}, err: (text) => (text.startsWith('[2/4] ') ? controller.abort() : undefined) },
    );
    expect(code).toBe(2);
    expect((await readdir(out)).sort()).toEqual([`${domains[0]!.ascii}.json`, 'summary.json']);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.cancelled).toBe(true);
    expect(summary.domains.map((r: { status: string }) => r.status)).toEqual(['assessed', 'cancelled', 'cancelled', 'cancelled']);
    expect(summary.counts).toMatchObject({ assessed: 1, failed: 0, cancelled: 3 });
  });
});
