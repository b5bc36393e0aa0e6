/**
 * `mailaudit assess … --plan-dir DIR` as a user runs it: a subprocess against the signed lab
 * (DNS and SMTP), for an Exchange Online domain, an Exchange Server domain with legacy TLS
 * (registry values), and hostile records. Every file is read back strictly: the scripts with the
 * plan's PowerShell lexer, registry.reg with a .reg reader, the zone snippet with BIND's
 * named-checkzone, and the message for every record; each is compared with the plan of the
 * Assessment JSON the same run wrote.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { buildRemediationPlan, type RemediationPlan } from '../../shared/remediation/index';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import type { LabWorld } from '../lab/dnssec-world';
import { startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { labWorld } from '../lab/zones';
import { hasNamedCheckzone, namedCheckzone, readRegFile, readScript, snippetLines } from '../shared/remediation/export/readers';
import { runCli, type CliRun } from '../support/cli';

const SCENARIOS = [
  { domain: 'exo-nospf.test', args: [], lang: 'cs', platforms: ['exchange-online'] },
  { domain: 'tls-legacy.test', args: ['--platform', 'exchange-2019'], lang: 'en', platforms: ['exchange-server'] },
  { domain: 'onprem.test', args: ['--platform', 'exchange-se'], lang: 'cs', platforms: ['exchange-server'] },
  { domain: 'hostile-plan.test', args: [], lang: 'cs', platforms: [] },
  { domain: 'hostile-exo.test', args: ['--platform', 'hybrid'], lang: 'en', platforms: ['exchange-online'] },
] as const;

let lab: LabDnsServer;
let world: LabWorld;
let smtp: SmtpLab;
let dir: string;
const runs = new Map<string, { run: CliRun; out: string; a: Assessment; plan: RemediationPlan }>();

beforeAll(async () => {
  world = await labWorld();
  lab = await startLabDnsServer({ zones: world.zones });
  smtp = await startSmtpLab();
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-plan-'));
  for (const s of SCENARIOS) {
    const out = join(dir, s.domain, 'plan');
    const json = join(dir, `${s.domain}.json`);
    const run = await runCli([
      'assess',
      s.domain,
      '--resolver',
      lab.address,
      '--trust-anchor',
      world.anchorFile,
      ...smtp.args,
      ...s.args,
      '--quiet',
      '--lang',
      s.lang,
      '--json',
      json,
      '--plan-dir',
      out,
    ]);
    if (run.code !== 0) throw new Error(`${s.domain}: exit ${run.code}\n${run.stderr}`);
    const parsed = parseAssessment(JSON.parse(await readFile(json, 'utf8')));
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    runs.set(s.domain, { run, out, a: parsed.value, plan: buildRemediationPlan(parsed.value) });
  }
}, 240_000);

afterAll(async () => {
  await lab?.close();
  await smtp?.close();
  await world?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(SCENARIOS)('mailaudit assess $domain --plan-dir', (s) => {
  const get = () => runs.get(s.domain)!;

  it('writes the files the plan calls for, and says where', async () => {
    const { run, out, plan } = get();
    const steps = plan.steps;
    const expected = [
      ...(steps.some((x) => x.platform === 'exchange-online') ? ['exchange-online.ps1'] : []),
      ...(steps.some((x) => x.platform === 'exchange-server') ? ['exchange-server.ps1'] : []),
      ...(steps.some((x) => x.actions.some((a) => a.kind === 'registry')) ? ['registry.reg'] : []),
      ...(steps.some((x) => x.actions.some((a) => a.kind === 'dns-record')) ? ['dns-records.zone'] : []),
      'dns-administrator.txt',
      // files the plan asks to save, e.g. the MTA-STS policy
      ...new Set(steps.flatMap((x) => x.actions.flatMap((a) => (a.kind === 'file' ? [a.name] : [])))),
    ];
    for (const platform of s.platforms) expect(expected).toContain(`${platform}.ps1`);
    expect((await readdir(out)).sort()).toEqual([...expected].sort());
    expect(run.stdout).toContain(out);
    for (const f of expected) expect(run.stdout).toContain(f);
  });

  it('scripts parse with the PowerShell lexer, open with the -Confirmed guard and hold every step of their platform in order', async () => {
    const { out, plan } = get();
    for (const platform of ['exchange-online', 'exchange-server'] as const) {
      const steps = plan.steps.filter((x) => x.platform === platform);
      if (steps.length === 0) continue;
      const script = readScript(await readFile(join(out, `${platform}.ps1`)));
      expect(script.comments.slice(0, 3).join(' ')).toContain(s.domain);
      let at = 0;
      for (const step of steps) {
        const block = script.text.indexOf(`$MailAuditSteps.Add(@{ Number = ${step.order};`, at);
        expect(block, `step ${step.order}`).toBeGreaterThan(at);
        at = block;
        for (const a of step.actions) {
          const code = a.kind === 'powershell' ? a.code : a.kind === 'registry' ? a.powershell : undefined;
          if (code === undefined) continue;
          const found = script.text.indexOf(`\n${code}\n`, at);
          expect(found, code).toBeGreaterThan(at);
          at = found;
        }
      }
      const words = script.tokens.flatMap((t) => (t.type === 'word' ? [t.text.toLowerCase()] : []));
      for (const bad of ['remove-item', 'iex', 'whoami', 'invoke-expression']) expect(words).not.toContain(bad);
    }
  });

  it('registry.reg holds each registry value of the plan once, under its key', async () => {
    const { out, plan } = get();
    const actions = plan.steps.flatMap((x) => x.actions).filter((a) => a.kind === 'registry');
    if (actions.length === 0) return;
    const keys = readRegFile(await readFile(join(out, 'registry.reg')));
    const flat = new Map(keys.flatMap((k) => k.values.map((v) => [`${k.key}\\${v.name}`.toLowerCase(), v.data.value])));
    const wanted = new Map(
      actions.map((a) => [`HKEY_LOCAL_MACHINE\\${a.path.slice('HKLM:\\'.length)}\\${a.name}`.toLowerCase(), Number(a.value)]),
    );
    expect(flat).toEqual(wanted);
  });

  it.skipIf(!hasNamedCheckzone())('dns-records.zone loads in named-checkzone and holds every record of the plan', async () => {
    const { out, plan, a } = get();
    const zoneFiles = plan.steps.flatMap((x) => x.actions.flatMap((y) => (y.kind === 'dns-record' ? [y.zoneFile] : [])));
    if (zoneFiles.length === 0) return;
    const snippet = await readFile(join(out, 'dns-records.zone'), 'utf8');
    const { active, later } = snippetLines(snippet);
    const loaded = namedCheckzone(snippet, a.request.domain);
    expect(loaded.records.length).toBeGreaterThan(0);
    if (later.length > 0) namedCheckzone(later.join('\n'), a.request.domain);
    expect([...active, ...later].sort()).toEqual([...zoneFiles].sort());
  });

  it('dns-administrator.txt names every record (name, type, TTL, value) in plan order', async () => {
    const { out, plan } = get();
    const text = await readFile(join(out, 'dns-administrator.txt'), 'utf8');
    const label = s.lang === 'cs' ? { name: 'Název:', type: 'Typ:', value: 'Hodnota:' } : { name: 'Name:', type: 'Type:', value: 'Value:' };
    let at = 0;
    for (const step of plan.steps) {
      for (const r of step.actions) {
        if (r.kind !== 'dns-record') continue;
        const block = `    ${label.name} ${r.name}.\n    ${label.type} ${r.type}\n    TTL: ${r.ttl}\n`;
        const found = text.indexOf(block, at);
        expect(found, block).toBeGreaterThan(-1);
        at = found;
      }
    }
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  });
});

describe('mailaudit --plan-dir refuses', () => {
  it('a folder that is not empty, before assessing anything, and writes nothing', async () => {
    const full = join(dir, 'full');
    await mkdir(full, { recursive: true });
    await writeFile(join(full, 'exchange-online.ps1'), 'mine');
    const run = await runCli(['assess', 'exo-nospf.test', '--resolver', lab.address, '--quiet', '--plan-dir', full]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Složka ${full} není prázdná`);
    expect(run.stdout).toBe('');
    expect(await readdir(full)).toEqual(['exchange-online.ps1']);
    expect(await readFile(join(full, 'exchange-online.ps1'), 'utf8')).toBe('mine');
  });

  it('a file in place of the folder, and the option on the tlsa command', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const run = await runCli(['assess', 'exo-nospf.test', '--resolver', lab.address, '--quiet', '--lang', 'en', '--plan-dir', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file} is not a folder.`);
    const tlsa = await runCli(['tlsa', 'x.pem', '--plan-dir', join(dir, 'x')]);
    expect(tlsa.code).toBe(2);
    expect(tlsa.stderr).toContain('--plan-dir is an option of "assess"');
  });
});
