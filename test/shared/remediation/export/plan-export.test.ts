/**
 * The plan export's builders on a plan made by hand from the real action constructors: the frame
 * and safety of the scripts, the registry file's keys and values, the zone snippet through BIND's
 * named-checkzone, the DNS administrator's message, and data that tries to end a comment line.
 * test/electron/cli-plan-export.test.ts runs the same builders on the lab's real plans.
 */
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../../../shared/assessment';
import { instruction, powershell, ps, registryDword, tlsaRecord, txtRecord } from '../../../../shared/remediation/actions';
import {
  buildPlanExport,
  encodeExportFile,
  type PlanExportFile,
  type PlanExportOptions,
} from '../../../../shared/remediation/export/index';
import type { RemediationAction, RemediationPlan, RemediationStep } from '../../../../shared/remediation/types';
import { build, finding } from '../assessment-helper';
import { hasNamedCheckzone, namedCheckzone, readRegFile, readScript, snippetLines } from './readers';

/** Text that tries to end a comment line and run a command, hide behind a bidi override, or break a line in Unicode. */
const HOSTILE = 'x\nRemove-Item C:\\ -Recurse\r\n#>\u2028Remove-Item D:\\\u0085iex whoami \u202e txt.exe';

const OPTIONS: PlanExportOptions = { lang: 'cs', version: '9.9.9', generatedAt: new Date('2026-12-02T08:00:00Z') };

let order = 0;
function step(
  platform: RemediationStep['platform'],
  phase: number,
  actions: RemediationAction[],
  titleParams: Record<string, ParamValue> = {},
): RemediationStep {
  order++;
  return {
    id: `step-${order}`,
    order,
    phase,
    // A title key with a placeholder, so a hostile param reaches the title.
    titleKey: 'ui.plan_export.ps.todo',
    titleParams: { text: `title ${order}`, ...titleParams },
    riskKey: 'ui.plan_export.ps.todo',
    riskParams: { text: `risk ${order}` },
    platform,
    fixes: [{ key: 'finding.dmarc.missing' }],
    actions,
    requirementIds: [],
  };
}

function samplePlan(): RemediationPlan {
  order = 0;
  const schannel = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server';
  const net = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319';
  return {
    platform: 'unknown',
    steps: [
      step(
        'dns-host',
        1,
        [
          txtRecord('_dmarc.firma.cz', 'v=DMARC1; p=none; rua=mailto:dmarc@firma.cz', 3600, {
            noteKey: 'ui.plan_export.ps.todo',
            noteParams: { text: HOSTILE },
          }),
        ],
        {
          text: HOSTILE,
        },
      ),
      step('exchange-online', 1, [
        powershell(ps`New-DkimSigningConfig -DomainName ${'firma.cz'} -Enabled $false -KeySize 2048`, {
          noteKey: 'ui.plan_export.ps.todo',
          noteParams: { text: HOSTILE },
        }),
        instruction('ui.plan_export.ps.todo', { text: HOSTILE }),
      ]),
      step('exchange-server', 2, [
        registryDword(schannel, 'Enabled', 1),
        registryDword(net, 'SchUseStrongCrypto', 1),
        registryDword(schannel, 'DisabledByDefault', 0),
      ]),
      step('exchange-server', 2, [
        // The same value again with other data: the later step's data is what the file sets.
        registryDword(schannel, 'Enabled', 0),
        powershell(ps`Disable-TlsCipherSuite -Name ${"TLS_RSA_WITH_3DES_EDE_CBC_SHA';Remove-Item C:\\"}`),
      ]),
      step('exchange-online', 2, [powershell(ps`Set-DkimSigningConfig -Identity ${"firma.cz'; Remove-Item C:\\ #"} -Enabled $true`)]),
      step('dns-host', 3, [
        txtRecord('_dmarc.firma.cz', 'v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz'),
        // A record at a host of another zone (an MX host at a hosting company).
        tlsaRecord('_25._tcp.mail.hosting.example', 'ab'.repeat(32), 3600),
        instruction('ui.plan_export.ps.todo', { text: 'remove the old record' }),
      ]),
      step('dns-host', 4, [txtRecord('_dmarc.firma.cz', 'v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz')]),
    ],
  };
}

const assessment = () =>
  build({
    domain: 'firma.cz',
    findings: [finding('dmarc', 'fail', 'finding.dmarc.missing', { domain: 'firma.cz', queried: '_dmarc.firma.cz' })],
  });

function exported(lang: 'cs' | 'en' = 'cs'): Map<string, PlanExportFile> {
  return new Map(buildPlanExport(assessment(), { ...OPTIONS, lang }, samplePlan()).map((f) => [f.name, f]));
}

function file(files: Map<string, PlanExportFile>, name: string): PlanExportFile {
  const f = files.get(name);
  if (!f) throw new Error(`${name} missing; have ${[...files.keys()].join(', ')}`);
  return f;
}

const actionsOf = (plan: RemediationPlan, platform: string) => plan.steps.filter((s) => s.platform === platform);

describe('PowerShell scripts', () => {
  it('writes one script per Exchange platform, each guarded, with its steps in plan order', () => {
    const files = exported();
    expect([...files.keys()]).toEqual([
      'exchange-online.ps1',
      'exchange-server.ps1',
      'registry.reg',
      'dns-records.zone',
      'dns-administrator.txt',
    ]);
    const plan = samplePlan();
    for (const platform of ['exchange-online', 'exchange-server'] as const) {
      const script = readScript(encodeExportFile(file(files, `${platform}.ps1`)));
      // The header: what, for which domain, when, by which version.
      const header = script.comments.slice(0, 4).join('\n');
      expect(header).toContain('Exchange');
      expect(header).toContain('firma.cz');
      expect(header).toContain('2026-12-02T08:00Z');
      expect(header).toContain('MailAudit 9.9.9');
      expect(script.comments.join('\n')).toContain('-Confirmed');
      expect(script.text).toContain("$PSDefaultParameterValues['*:WhatIf'] = $true");

      // Each step: a comment with its number, title and risk, then its block, in plan order.
      let at = 0;
      for (const s of actionsOf(plan, platform)) {
        const heading = script.text.indexOf(`# Krok ${s.order} (`, at);
        expect(heading, `step ${s.order}`).toBeGreaterThan(at);
        expect(script.text.indexOf(`# Riziko: Ručně: risk ${s.order}`, heading)).toBeGreaterThan(heading);
        const block = script.text.indexOf(`$MailAuditSteps.Add(@{ Number = ${s.order};`, heading);
        expect(block).toBeGreaterThan(heading);
        at = block;
        for (const a of s.actions) {
          const code = a.kind === 'powershell' ? a.code : a.kind === 'registry' ? a.powershell : undefined;
          if (code === undefined) continue;
          // The action's own quoted code, whole, on lines of its own.
          const found = script.text.indexOf(`\n${code}\n`, at);
          expect(found, code).toBeGreaterThan(at);
          at = found;
        }
      }
      // Steps of the other platforms are not in this script.
      for (const s of plan.steps.filter((x) => x.platform !== platform)) expect(script.text).not.toContain(`Number = ${s.order};`);
    }
  });

  it('keeps hostile text in comment lines: no command word of it is ever code', () => {
    for (const name of ['exchange-online.ps1', 'exchange-server.ps1']) {
      const script = readScript(encodeExportFile(file(exported(), name)));
      const words = script.tokens.flatMap((t) => (t.type === 'word' ? [t.text.toLowerCase()] : []));
      for (const bad of ['remove-item', 'iex', 'whoami']) expect(words, `${name}: ${bad}`).not.toContain(bad);
      // Lines of data only ever start with '#'; a \n inside data became a visible escape.
      for (const line of script.text.split('\n').filter((l) => l.includes('Remove-Item'))) {
        expect(line.startsWith('# ') || /'[^']*Remove-Item/.test(line), line).toBe(true);
      }
    }
    expect(file(exported(), 'exchange-online.ps1').text).toContain('x\\nRemove-Item C:\\ -Recurse\\r\\n#>\\u{2028}Remove-Item');
  });

  it('checks a registry value before setting it and reads the current state before a Set- with -Identity', () => {
    const plan = samplePlan();
    const server = file(exported(), 'exchange-server.ps1').text;
    for (const a of plan.steps.flatMap((s) => s.actions)) {
      if (a.kind !== 'registry') continue;
      const check = `if ((Get-ItemProperty -Path '${a.path}' -Name '${a.name}' -ErrorAction SilentlyContinue).'${a.name}' -ceq ${a.value}) {`;
      const at = server.indexOf(check);
      expect(at, check).toBeGreaterThan(-1);
      expect(server.indexOf(`} else {\n${a.powershell}\n}`, at)).toBeGreaterThan(at);
    }
    // A cipher suite is disabled only while Get-TlsCipherSuite still lists it under exactly its name.
    const suite = "'TLS_RSA_WITH_3DES_EDE_CBC_SHA'';Remove-Item C:\\'";
    const guard = server.indexOf(
      `-not (Get-TlsCipherSuite -Name ${suite} -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq ${suite} })) {`,
    );
    expect(guard).toBeGreaterThan(-1);
    expect(server.indexOf(`} else {\nDisable-TlsCipherSuite -Name ${suite}\n}`, guard)).toBeGreaterThan(guard);
    const online = file(exported(), 'exchange-online.ps1').text;
    const read = online.indexOf(
      "Get-DkimSigningConfig -Identity 'firma.cz''; Remove-Item C:\\ #' -ErrorAction SilentlyContinue | Format-List",
    );
    expect(read).toBeGreaterThan(-1);
    expect(online.indexOf("Set-DkimSigningConfig -Identity 'firma.cz''; Remove-Item C:\\ #' -Enabled $true")).toBeGreaterThan(read);
  });

  it('is written in English with --lang en', () => {
    const script = readScript(encodeExportFile(file(exported('en'), 'exchange-online.ps1')));
    expect(script.comments.join('\n')).toMatch(/# Step 2 \(|Step 2 \(Phase 1/);
    expect(script.comments.join('\n')).toContain('Risk: By hand: risk 2');
    expect(script.comments.join('\n')).toContain('Generated 2026-12-02T08:00Z by MailAudit 9.9.9');
  });
});

describe('registry.reg', () => {
  it('holds every registry value of the plan, each key once, the later data of a value named twice', () => {
    const keys = readRegFile(encodeExportFile(file(exported(), 'registry.reg')));
    const schannel = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server';
    expect(keys).toEqual([
      {
        key: schannel,
        values: [
          { name: 'Enabled', data: { type: 'dword', value: 0 } },
          { name: 'DisabledByDefault', data: { type: 'dword', value: 0 } },
        ],
      },
      {
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319',
        values: [{ name: 'SchUseStrongCrypto', data: { type: 'dword', value: 1 } }],
      },
    ]);
  });

  it('the strict reader refuses what regedit would not read the same way', () => {
    const good = encodeExportFile(file(exported(), 'registry.reg'));
    const text = new TextDecoder('utf-16le').decode(good.subarray(2));
    const as = (t: string) => encodeExportFile({ name: 'x.reg', text: t, encoding: 'utf16le-bom' });
    expect(() => readRegFile(as(text.replace(/\r\n/g, '\n')))).toThrow(/CRLF/);
    expect(() => readRegFile(as(`${text}[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\r\n`))).toThrow(/twice/);
    expect(() => readRegFile(new TextEncoder().encode(text))).toThrow(/UTF-16LE/);
  });

  it('is absent when the plan has no registry value', () => {
    const plan = samplePlan();
    plan.steps = plan.steps.filter((s) => !s.actions.some((a) => a.kind === 'registry'));
    expect(buildPlanExport(assessment(), OPTIONS, plan).map((f) => f.name)).not.toContain('registry.reg');
  });
});

describe('dns-records.zone', () => {
  it.skipIf(!hasNamedCheckzone())('loads in named-checkzone and holds every record, later replacements as ";; " lines', () => {
    const snippet = file(exported(), 'dns-records.zone').text;
    const { active, later } = snippetLines(snippet);
    const loaded = namedCheckzone(snippet, 'firma.cz');
    // BIND loads the records to publish now (the TLSA of another zone's host is out of its zone).
    expect(loaded.records).toEqual(['_dmarc.firma.cz. 3600 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@firma.cz"']);
    expect(loaded.output).toMatch(/out-of-zone/);
    // The later lines are records too: they load where the earlier one is gone.
    expect(namedCheckzone(later.join('\n'), 'firma.cz').records).toEqual([
      '_dmarc.firma.cz. 3600 IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz"',
    ]);
    const all = samplePlan().steps.flatMap((s) => s.actions.flatMap((a) => (a.kind === 'dns-record' ? [a.zoneFile] : [])));
    expect([...active, ...later].sort()).toEqual([...all].sort());
    expect(snippet).toMatch(/^\$ORIGIN firma\.cz\.$/m);
    expect(snippet).toContain('; Krok 6 (');
    expect(snippet).toContain('; Mimo zónu firma.cz: zveřejněte v zóně, která obsahuje _25._tcp.mail.hosting.example.');
    // A hostile note stays one comment line.
    for (const line of snippet.split('\n'))
      expect(line.startsWith(';') || line.startsWith('$') || line === '' || all.includes(line), line).toBe(true);
  });
});

describe('dns-administrator.txt', () => {
  it('lists every record with name, type, TTL and value, and why, in plan order', () => {
    const text = file(exported(), 'dns-administrator.txt').text;
    const records = samplePlan().steps.flatMap((s) => s.actions.flatMap((a) => (a.kind === 'dns-record' ? [{ s, a }] : [])));
    let at = 0;
    for (const { s, a } of records) {
      const stepAt = text.indexOf(`Krok ${s.order} (`);
      expect(stepAt, `step ${s.order}`).toBeGreaterThan(-1);
      const block = [`    Název: ${a.name}.`, `    Typ: ${a.type}`, `    TTL: ${a.ttl}`, `    Hodnota: ${a.value}`].join('\n');
      const found = text.indexOf(block, Math.max(at, stepAt));
      expect(found, block).toBeGreaterThan(-1);
      at = found;
    }
    expect(text).toContain('Zveřejnit záznam:');
    expect(text).toContain('Změnit záznam (nahrazuje záznam z kroku 1):');
    expect(text).toContain('Ponechat záznam zveřejněný v kroku 6:');
    expect(text).toContain('- Ručně: remove the old record');
    // Why: the message of the finding the step fixes.
    expect(text).toContain('Proč: ');
    // Steps without DNS work are not in the message.
    expect(text).not.toContain('Krok 3 (');
    for (const line of text.split('\n'))
      expect(line, line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  });

  it('says that no DNS change is needed when the plan has none, and only that file is written', () => {
    const files = buildPlanExport(assessment(), { ...OPTIONS, lang: 'en' }, { platform: 'unknown', steps: [] });
    expect(files.map((f) => f.name)).toEqual(['dns-administrator.txt']);
    expect(files[0]!.text).toContain('The remediation plan needs no DNS change.');
  });
});
