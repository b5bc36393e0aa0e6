/**
 * One PowerShell script per Exchange platform of the plan. Safety design (also written into the
 * script's header):
 *   - nothing runs when the file is loaded: the first statement after `param` throws unless the
 *     admin passes `-Confirmed`; each step is a script block that only the runner at the end calls;
 *   - without `-Apply` the run is a preview: `$PSDefaultParameterValues['*:WhatIf']` adds -WhatIf
 *     to every command that has it, and a step calling anything without -WhatIf (or .NET directly,
 *     checked on the step's own syntax tree) is skipped instead of being run for real;
 *   - `-Step 3,5` chooses steps; a number the script does not have is an error, not "all";
 *   - registry values already set are left alone, and Set-/Enable-/Disable- cmdlets with an
 *     -Identity are preceded by the matching Get- read of the current state.
 * Code comes only from the actions' already-quoted `code` (quote.ts) and from literals made here
 * with `psString`; translated text and assessment data go into `#` comment lines through `oneLine`.
 */
import { psString } from '../../quote';
import type { RemediationAction, RemediationStep } from '../types';
import {
  actionText,
  domainLine,
  fileLine,
  generatedLine,
  oneLine,
  riskLine,
  stepLine,
  tr,
  type ExportContext,
  type PlanExportFile,
} from './common';

export type ScriptPlatform = 'exchange-online' | 'exchange-server';

export const SCRIPT_FILE: Record<ScriptPlatform, string> = {
  'exchange-online': 'exchange-online.ps1',
  'exchange-server': 'exchange-server.ps1',
};

const comment = (text: string) => (text === '' ? '#' : `# ${oneLine(text)}`);

/** A single-quoted literal of our own text (translated messages), made one line first. */
const literal = (text: string) => psString(oneLine(text));

// about_Quoting_Rules: the typographic single quotes quote like U+0027.
const PS_LITERAL = "['\u2018\u2019\u201a\u201b](?:[^'\u2018\u2019\u201a\u201b]|['\u2018\u2019\u201a\u201b]{2})*['\u2018\u2019\u201a\u201b]";
const CHANGE_WITH_IDENTITY = new RegExp(`^(?:Set|Enable|Disable)-([A-Za-z]+) -Identity (${PS_LITERAL})(?= |$)`);
/** `Disable-TlsCipherSuite -Name '…'` and the like: the Get- lists what is still enabled. */
const DISABLE_BY_NAME = new RegExp(`^Disable-([A-Za-z]+) -Name (${PS_LITERAL})$`);

/** Lines of one action inside a step's script block. */
function actionLines(ctx: ExportContext, action: RemediationAction): string[] {
  const note = actionText(ctx, action);
  switch (action.kind) {
    case 'instruction':
      return [comment(tr(ctx, 'ui.plan_export.ps.todo', { text: note ?? '' }))];
    case 'dns-record':
      return [comment(tr(ctx, 'ui.plan_export.ps.dns_record', { line: action.zoneFile })), ...(note ? [comment(note)] : [])];
    case 'file':
      return [comment(fileLine(ctx, action)), ...(note ? [comment(note)] : [])];
    case 'registry': {
      const expected = action.valueType === 'DWORD' && /^\d{1,10}$/.test(action.value) ? action.value : psString(action.value);
      return [
        comment(
          tr(ctx, 'ui.plan_export.ps.registry', { path: action.path, name: action.name, value: action.value, type: action.valueType }),
        ),
        `if ((Get-ItemProperty -Path ${psString(action.path)} -Name ${psString(action.name)} -ErrorAction SilentlyContinue).${psString(action.name)} -ceq ${expected}) { Write-Host ${literal(tr(ctx, 'ui.plan_export.ps.already_set'))} ${psString(action.path)} ${psString(action.name)} } else {`,
        action.powershell,
        '}',
      ];
    }
    case 'powershell': {
      const lines = note ? [comment(note)] : [];
      const disable = DISABLE_BY_NAME.exec(action.code);
      if (disable) {
        const [, noun, name] = disable;
        // Skipped only when the Get- exists, takes -Name, and lists no item of exactly that name.
        return [
          ...lines,
          `$MailAuditGetter = Get-Command -Name ${psString(`Get-${noun!}`)} -ErrorAction SilentlyContinue`,
          `if ($MailAuditGetter -and $MailAuditGetter.Parameters.ContainsKey('Name') -and -not (Get-${noun!} -Name ${name!} -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq ${name!} })) { Write-Host ${literal(tr(ctx, 'ui.plan_export.ps.already_set'))} ${name!} } else {`,
          action.code,
          '}',
        ];
      }
      const change = action.code.includes('\n') ? null : CHANGE_WITH_IDENTITY.exec(action.code);
      if (change) {
        const getter = psString(`Get-${change[1]!}`);
        lines.push(
          comment(tr(ctx, 'ui.plan_export.ps.current')),
          // Only when that Get- exists with -Identity: a parameter it lacks would stop the script.
          `$MailAuditGetter = Get-Command -Name ${getter} -ErrorAction SilentlyContinue`,
          `if ($MailAuditGetter -and $MailAuditGetter.Parameters.ContainsKey('Identity')) { Get-${change[1]!} -Identity ${change[2]!} -ErrorAction SilentlyContinue | Format-List }`,
        );
      }
      lines.push(action.code);
      return lines;
    }
  }
}

function stepBlock(ctx: ExportContext, step: RemediationStep): string[] {
  const rule = `# ${'-'.repeat(76)}`;
  return [
    rule,
    comment(stepLine(ctx, step)),
    comment(riskLine(ctx, step)),
    rule,
    `$MailAuditSteps.Add(@{ Number = ${step.order}; Title = ${literal(stepLine(ctx, step))}; Run = {`,
    ...step.actions.flatMap((action) => actionLines(ctx, action)),
    '} })',
    '',
  ];
}

/** The steps of one platform, or undefined when the plan has none for it. */
export function buildPowerShellScript(ctx: ExportContext, platform: ScriptPlatform): PlanExportFile | undefined {
  const steps = ctx.plan.steps.filter((s) => s.platform === platform);
  if (steps.length === 0) return undefined;
  const file = SCRIPT_FILE[platform];
  const stepWord = literal(tr(ctx, 'ui.plan_export.ps.step'));
  const lines = [
    comment(tr(ctx, 'ui.plan_export.ps.title', { platform: tr(ctx, `remediation.platform.${platform}`) })),
    comment(domainLine(ctx)),
    comment(generatedLine(ctx)),
    '#',
    comment(tr(ctx, 'ui.plan_export.ps.changes')),
    ...steps.map((s) => comment(`  ${stepLine(ctx, s)}`)),
    '#',
    ...[1, 2, 3, 4, 5].map((n) => comment(tr(ctx, `ui.plan_export.ps.safety_${n}`, { file, step: steps[0]!.order }))),
    '',
    '[CmdletBinding()]',
    'param(',
    '[switch]$Confirmed,',
    '[int[]]$Step,',
    '[switch]$Apply',
    ')',
    `if (-not $Confirmed) { throw ${literal(tr(ctx, 'ui.plan_export.ps.not_confirmed'))} }`,
    "$ErrorActionPreference = 'Stop'",
    '',
    '# A preview runs a step only when every command it calls supports -WhatIf.',
    'function Test-MailAuditPreview {',
    'param([scriptblock]$Block)',
    'foreach ($node in $Block.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -or $n -is [System.Management.Automation.Language.InvokeMemberExpressionAst] }, $true)) {',
    'if ($node -is [System.Management.Automation.Language.InvokeMemberExpressionAst]) { if ($node.Static) { return $false } else { continue } }',
    '$name = $node.GetCommandName()',
    'if ($null -eq $name) { return $false }',
    "if ($name -match '^(Get|Test|Select|Where|Format|Out|Write|ForEach|Sort|Measure|Join)-') { continue }",
    '$command = Get-Command -Name $name -ErrorAction SilentlyContinue',
    "if ($null -eq $command -or $null -eq $command.Parameters -or -not $command.Parameters.ContainsKey('WhatIf')) { return $false }",
    '}',
    'return $true',
    '}',
    '',
    '$MailAuditSteps = [System.Collections.Generic.List[object]]::new()',
    '',
    ...steps.flatMap((s) => stepBlock(ctx, s)),
    '# The runner: the chosen steps (all without -Step) in plan order.',
    'foreach ($number in @($Step)) {',
    `if (-not ($MailAuditSteps | Where-Object { $_.Number -eq $number })) { throw (@(${literal(tr(ctx, 'ui.plan_export.ps.no_such_step'))}, $number) -join ' ') }`,
    '}',
    '$preview = -not $Apply',
    "if ($preview) { $PSDefaultParameterValues['*:WhatIf'] = $true }",
    'try {',
    'foreach ($entry in $MailAuditSteps) {',
    'if ($Step -and $Step -notcontains $entry.Number) { continue }',
    'if ($preview -and -not (Test-MailAuditPreview -Block $entry.Run)) {',
    `Write-Warning (@(${stepWord}, $entry.Number, ${literal(tr(ctx, 'ui.plan_export.ps.not_previewed'))}) -join ' ')`,
    'continue',
    '}',
    "Write-Host (@('==', $entry.Title) -join ' ')",
    'Invoke-Command -ScriptBlock $entry.Run',
    '}',
    '} finally {',
    "if ($preview) { $PSDefaultParameterValues.Remove('*:WhatIf') }",
    '}',
    '',
  ];
  return { name: file, text: lines.join('\n'), encoding: 'utf8-bom' };
}
