/**
 * Values from the network are data. A TXT record, selector, tenant or host name containing
 * `<script>`, quotes, backticks, `$(...)`, `;` or a newline must never reach a generated command
 * or record unquoted: every PowerShell snippet is tokenised and every zone-file line parsed back.
 *
 * The Assessments are not written by hand: the real engine assesses the hostile lab zones
 * (`hostile-plan.test`, `hostile-exo.test`, `hostile-bidi.test` in test/lab/zones.ts, values in
 * `HOSTILE`) through the lab DNS server, so the plan reads exactly what the checks produce.
 *
 * What no DNS answer can carry is not assessed here, because the checks never take it from DNS:
 * an Exchange Online tenant is read only from a CNAME target matching Microsoft's pattern (a
 * hostile tenant label makes it no tenant at all, asserted below); DKIM selectors are validated
 * request input; cipher-suite names come from the TLS library and SPKI hashes are computed by the
 * engine; STARTTLS only ever connects to MX names that are valid host names; and no check emits
 * web-access or DANE findings. For those, the quoting itself is tested at the end of this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../../electron/engine/engine';
import type { Assessment } from '../../../shared/assessment';
import { visible } from '../../../shared/display';
import { QuoteError, hasUnsafeCharacter, psString } from '../../../shared/quote';
import { dkimData, dmarcData, platformData } from '../../../shared/remediation/context';
import { buildRemediationPlan, type RemediationAction, type RemediationPlan } from '../../../shared/remediation/index';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { HOSTILE, labZones } from '../../lab/zones';
import { lexPowerShell, parseZoneLine } from './parsers';
import { checkPlan, records } from './plan-checks';

/** Words of the payloads, and `hostile`, which every zone's name holds: none may be a bare token. */
const BARE_WORDS = ['Remove-Item', 'whoami', 'iex', 'alert', 'script', 'hostile'];
const HINTS = ['exchange-online', 'exchange-2019', 'unknown'] as const;
type Hint = (typeof HINTS)[number];
const ZONES = ['hostile-plan.test', 'hostile-exo.test', 'hostile-bidi.test'] as const;
type Zone = (typeof ZONES)[number];

let lab: LabDnsServer;
const assessments = new Map<string, Assessment>();

beforeAll(async () => {
  lab = await startLabDnsServer({ zones: labZones() });
  for (const domain of ZONES) {
    for (const platformHint of HINTS)
      assessments.set(`${domain} ${platformHint}`, await assess({ domain, platformHint }, { resolvers: [lab.address] }));
  }
}, 120_000);
afterAll(() => lab?.close());

function assessment(domain: Zone, hint: Hint): Assessment {
  const a = assessments.get(`${domain} ${hint}`);
  if (!a) throw new Error(`not assessed: ${domain} ${hint}`);
  return a;
}

const planOf = (domain: Zone, hint: Hint) => buildRemediationPlan(assessment(domain, hint));

function everyPowerShell(plan: RemediationPlan): string[] {
  return plan.steps.flatMap((s) =>
    s.actions.flatMap((a) => (a.kind === 'powershell' ? [a.code] : a.kind === 'registry' ? [a.powershell] : [])),
  );
}

function stepOf(plan: RemediationPlan, id: string) {
  const step = plan.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id} in ${plan.steps.map((s) => s.id).join(', ')}`);
  return step;
}

type Instruction = Extract<RemediationAction, { kind: 'instruction' }>;
const instructions = (actions: readonly RemediationAction[], key: string) =>
  actions.filter((a): a is Instruction => a.kind === 'instruction' && a.key === key);

/** Commands parse with every value a string literal, records parse back with validated names. */
function expectNothingSplicedRaw(plan: RemediationPlan, label: string): void {
  // Parses every snippet and line, and renders every text in both languages.
  checkPlan(plan, label);
  for (const code of everyPowerShell(plan)) {
    const tokens = lexPowerShell(code);
    const bare = tokens
      .filter((t) => t.type !== 'string')
      .map((t) => JSON.stringify(t))
      .join(' ');
    for (const word of BARE_WORDS) expect(bare, code).not.toContain(word);
  }
  for (const r of records(plan)) {
    const parsed = parseZoneLine(r.zoneFile);
    // Owners and targets are validated names: nothing from the payload in them.
    expect(parsed.owner, r.zoneFile).toMatch(/^[a-z0-9._-]+\.$/);
    for (const f of parsed.fields) expect(f, r.zoneFile).toMatch(/^[a-z0-9._-]+$/);
  }
}

/** Text params of instructions and notes that hold a character acting instead of showing. */
function unsafeParams(plan: RemediationPlan): string[] {
  const out: string[] = [];
  for (const step of plan.steps) {
    for (const a of step.actions) {
      const params = a.kind === 'instruction' ? a.params : a.kind === 'registry' ? undefined : a.noteParams;
      for (const v of Object.values(params ?? {}))
        for (const s of Array.isArray(v) ? v : [v])
          if (typeof s === 'string' && hasUnsafeCharacter(s)) out.push(`${step.id}: ${JSON.stringify(s)}`);
    }
  }
  return out;
}

describe('hostile values from DNS', () => {
  describe.each(['hostile-plan.test', 'hostile-exo.test'] as const)('%s', (domain) => {
    it.each(HINTS)('never reach a command or record unquoted (%s)', (hint) => {
      const a = assessment(domain, hint);
      // The engine assessed the zone's DNS: the checks ran, none stopped at an error.
      expect(
        a.attempts.filter((x) => ['mx', 'spf', 'dmarc', 'dkim', 'platform'].includes(x.checkId)).map((x) => `${x.checkId}:${x.status}`),
      ).toEqual(['mx', 'spf', 'dmarc', 'dkim', 'platform'].map((id) => `${id}:completed`));
      const plan = buildRemediationPlan(a);
      expect(plan.steps.length).toBeGreaterThan(5);
      expectNothingSplicedRaw(plan, `${domain} ${hint}`);
      expect(unsafeParams(plan)).toEqual([]);
    });
  });

  it("keeps the user's SPF terms as data inside the quoted TXT record, never dropping them", () => {
    // Valid SPF whose unknown modifiers (RFC 7208 §6) carry the payload: Exchange Online's
    // include is added before the all, +all becomes ~all, every term stays as published.
    const exo = records(planOf('hostile-exo.test', 'exchange-online'), 'TXT').find((r) => r.name === 'hostile-exo.test')!;
    expect(exo.value).toBe(`v=spf1 ip4:192.0.2.1 ${HOSTILE.spfModifiers} include:spf.protection.outlook.com ~all`);
    expect(parseZoneLine(exo.zoneFile).text).toBe(exo.value);

    // The payload as terms: each word is a syntax error the plan names, and the record keeps them all.
    const plan = planOf('hostile-plan.test', 'exchange-online');
    const spf = records(plan, 'TXT').find((r) => r.name === 'hostile-plan.test')!;
    expect(spf.value.startsWith(`v=spf1 ip4:192.0.2.1 ${HOSTILE.payload} include:spf.protection.outlook.com `)).toBe(true);
    expect(parseZoneLine(spf.zoneFile).text).toBe(spf.value);
    const terms = instructions(stepOf(plan, 'spf-review').actions, 'remediation.instruction.spf.syntax_error').map((i) => i.params?.term);
    expect(terms).toEqual(HOSTILE.payload.split(' '));
  });

  it('quotes a DKIM key record with a hostile tag as one TXT value', () => {
    const a = assessment('hostile-plan.test', 'exchange-2019');
    const published = dkimData(a)!.selectors.find((s) => s.selector === 'mail')!.records[0]!;
    expect(published).toContain(`; t=y; n=${HOSTILE.tag}; p=`);
    const key = records(buildRemediationPlan(a), 'TXT').find((r) => r.name === 'mail._domainkey.hostile-plan.test')!;
    // Only the testing flag is gone; the hostile note and the key stay byte for byte.
    expect(parseZoneLine(key.zoneFile).text).toBe(published.replace('; t=y;', ';'));
    expect(key.value).toMatch(/^v=DKIM1; k=rsa; n=.+; p=[A-Za-z0-9+/]+=*$/);
  });

  it('drops report addresses that cannot be re-written safely and keeps the rest quoted', () => {
    const a = assessment('hostile-plan.test', 'unknown');
    // The bidi override and the C1 NEL are report addresses to the DMARC check; a raw line feed
    // or U+2028 makes the URI invalid already there.
    expect(dmarcData(a)!.parsed!.rua.map((u) => u.uri)).toEqual([
      HOSTILE.rua.kept[0],
      HOSTILE.rua.unsafe[0],
      HOSTILE.rua.unsafe[1],
      HOSTILE.rua.kept[1],
    ]);
    expect(a.findings.filter((f) => f.key === 'finding.dmarc.invalid_uri').map((f) => f.params.uri)).toEqual([...HOSTILE.rua.invalid]);

    const plan = buildRemediationPlan(a);
    const dmarc = records(plan, 'TXT').filter((r) => r.name === '_dmarc.hostile-plan.test');
    const rua = HOSTILE.rua.kept.join(',');
    expect(dmarc.map((r) => parseZoneLine(r.zoneFile).text)).toEqual([
      `v=DMARC1; p=none; rua=${rua}`,
      `v=DMARC1; p=quarantine; rua=${rua}`,
      `v=DMARC1; p=reject; rua=${rua}`,
    ]);
    // The hostile tag is left out with a note naming it; the discarded record is shown escaped.
    for (const r of dmarc)
      expect(r).toMatchObject({ noteKey: 'remediation.note.dmarc_dropped_tags', noteParams: { dropped: [`x=${HOSTILE.tag}`] } });
    const monitor = stepOf(plan, 'dmarc-monitor').actions;
    expect(instructions(monitor, 'remediation.instruction.dmarc_discarded_record').map((i) => i.params?.record)).toEqual([
      visible(HOSTILE.dmarcDiscarded),
    ]);
    expect(instructions(monitor, 'remediation.instruction.dmarc_read_reports').map((i) => i.params?.addresses)).toEqual([
      ['a\'$(x)`y`"@hostile-plan.test', "r'$(iex)@evil.test"],
    ]);
  });

  it('uses no tenant, selector or host that is not a valid name', () => {
    // A CNAME target whose tenant label is hostile is not Exchange Online's: no tenant, no CNAME record.
    const exo = assessment('hostile-exo.test', 'exchange-online');
    expect(dkimData(exo)!.exchangeOnline.tenant).toBeUndefined();
    expect(platformData(exo)!.tenant).toBeUndefined();
    const exoPlan = buildRemediationPlan(exo);
    expect(records(exoPlan, 'CNAME')).toEqual([]);
    expect(stepOf(exoPlan, 'dkim-exo-cnames').actions).toEqual([
      {
        kind: 'instruction',
        key: 'remediation.instruction.dkim_exo_cnames_from_output',
        params: {
          names: ['selector1._domainkey.hostile-exo.test', 'selector2._domainkey.hostile-exo.test'],
          command: "Get-DkimSigningConfig -Identity 'hostile-exo.test' | Format-List Selector1CNAME, Selector2CNAME",
        },
      },
    ]);
    const targets = ['selector1', 'selector2'].map(
      (s) => instructions(stepOf(exoPlan, `dkim-key:${s}`).actions, 'remediation.instruction.dkim.cname_no_key')[0]?.params?.target,
    );
    expect(targets).toEqual([...HOSTILE.exoTenantTargets]);

    // MX names that are not host names, and an MX that is an alias of one: instructions, never an MX record.
    const plan = planOf('hostile-plan.test', 'exchange-2019');
    expect(records(plan, 'MX')).toEqual([]);
    const mx = stepOf(plan, 'mx-records').actions;
    expect(instructions(mx, 'remediation.instruction.mx.invalid_name').map((i) => i.params?.host)).toEqual(
      HOSTILE.mx.map((h) => (hasUnsafeCharacter(h) ? visible(h) : h)),
    );
    expect(instructions(mx, 'remediation.instruction.mx.cname').map((i) => i.params?.target)).toEqual([HOSTILE.mxCnameTarget]);
  });

  it('builds no plan for a saved file whose domain is not a domain', () => {
    const a = structuredClone(assessment('hostile-plan.test', 'unknown'));
    expect(buildRemediationPlan(a).steps.length).toBeGreaterThan(0);
    a.request.domain = `hostile-plan.test'; Remove-Item`;
    expect(buildRemediationPlan(a).steps).toEqual([]);
  });
});

describe('MX names with a bidi override, a C1 control and a line separator (hostile-bidi.test)', () => {
  it.each(HINTS)('are refused as hosts and reach no command or record (%s)', (hint) => {
    const a = assessment('hostile-bidi.test', hint);
    expect(a.findings.filter((f) => f.key === 'finding.mx.invalid_name').map((f) => f.params.host)).toEqual([...HOSTILE.bidiMx]);
    const plan = buildRemediationPlan(a);
    expect(records(plan, 'MX')).toEqual([]);
    expectNothingSplicedRaw(plan, `hostile-bidi.test ${hint}`);
  });

  // safeParams escapes every unsafe character with `visible`, as the views do.
  it('keep their raw characters out of the instruction texts', () => {
    expect(unsafeParams(planOf('hostile-bidi.test', 'unknown'))).toEqual([]);
  });
});

describe('values no DNS answer can carry into a command', () => {
  // A tenant, a selector, a cipher suite: the checks never take these from DNS (see the top), so
  // only the quoting that would receive them is tested, as a single PowerShell argument.
  it.each([`x'$(iex)`, 'x`whoami`', `s'; Remove-Item x; '`, `TLS_AES'; Remove-Item`, `x\u2019; iex`, HOSTILE.payload])(
    '%s stays one string literal',
    (value) => {
      expect(lexPowerShell(`Disable-TlsCipherSuite -Name ${psString(value)}`)).toEqual([
        { type: 'word', text: 'Disable-TlsCipherSuite' },
        { type: 'parameter', name: 'Name' },
        { type: 'string', value },
      ]);
    },
  );

  it('refuses a value with a line break rather than quoting it', () => {
    for (const value of ['a\nb', 'a\u2028b', 'a\u202eb']) expect(() => psString(value)).toThrow(QuoteError);
  });
});
