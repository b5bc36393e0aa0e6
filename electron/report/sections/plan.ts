/** The remediation plan: ordered steps, each with its risk in one sentence and its commands and records in full. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { ParamValue } from '../../../shared/assessment';
import { hasMessage } from '../../../shared/i18n/index';
import type { RemediationAction, RemediationStep } from '../../../shared/remediation/index';
import { REQUIREMENTS } from '../../../shared/requirements';
import type { ReportModel } from '../model';
import { plain } from '../text';
import { COLOR, CONTENT_WIDTH, codeBlock, codeLines, codeText, dataText, prose, table } from '../theme';

export function planSection(m: ReportModel): Content[] {
  const { t } = m;
  const out: Content[] = [
    { text: t('report.plan.title'), style: 'h1', tocItem: true, pageBreak: 'before' },
    { text: t('report.plan.intro'), style: 'lead' },
    {
      text: t('report.plan.platform', { platform: t(`remediation.platform.${m.plan.platform}`) }),
      bold: true,
      fontSize: 9.5,
      margin: [0, 0, 0, 2],
    },
  ];
  const steps = [...m.plan.steps].sort((x, y) => x.order - y.order);
  if (steps.length === 0) out.push({ text: t('report.plan.empty'), italics: true, margin: [0, 8, 0, 0] });
  let phase: number | undefined;
  const said = new Map<string, number>();
  for (const step of steps) {
    const first = stepContent(m, step, said);
    if (step.phase !== phase) {
      // Phases keep mail flowing: each starts with what it is for, and travels with its first step.
      phase = step.phase;
      const heading: Content[] = [
        { text: t(`remediation.phase.${phase}`), style: 'h2', outline: true, margin: [0, 16, 0, 2] },
        ...(hasMessage(`remediation.phase.${phase}.description`, m.lang)
          ? [
              {
                text: t(`remediation.phase.${phase}.description`),
                style: 'small',
                fontSize: 8.5,
                margin: [0, 0, 0, 0] as [number, number, number, number],
              },
            ]
          : []),
      ];
      out.push({ stack: [...heading, first[0]!], unbreakable: true }, ...first.slice(1));
    } else {
      out.push(...first);
    }
  }
  return out;
}

export function stepTitle(m: ReportModel, step: RemediationStep): string {
  return m.t('report.plan.step', { order: step.order, title: m.t(step.titleKey, step.titleParams ?? {}) });
}

/**
 * A text printed once: the first step that says it prints it, a later one points to that step.
 * `said` maps each text printed so far to its step's number.
 */
function once(m: ReportModel, said: Map<string, number>, step: RemediationStep, text: string): string {
  const first = said.get(text);
  if (first !== undefined && first !== step.order) return m.t('report.plan.same_as_step', { order: first });
  said.set(text, step.order);
  return text;
}

function stepContent(m: ReportModel, step: RemediationStep, said: Map<string, number>): Content[] {
  const { t } = m;
  const numbers = step.requirementIds
    .map((id) => REQUIREMENTS.find((r) => r.id === id)?.number)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  const meta = [
    `${t('report.plan.where')}: ${t(`remediation.platform.${step.platform}`)}`,
    ...(numbers.length ? [`${t('report.plan.requirements')}: ${numbers.join(', ')}`] : []),
  ].join('   ·   ');
  const head: Content[] = [
    { text: stepTitle(m, step), style: 'h3', outline: true, margin: [0, 14, 0, 2] },
    { text: meta, style: 'small', margin: [0, 0, 0, 4] },
    {
      text: [{ text: `${t('report.plan.risk')}: `, bold: true }, { text: once(m, said, step, t(step.riskKey, step.riskParams ?? {})) }],
      fontSize: 9.5,
      margin: [0, 0, 0, 4],
    },
  ];
  const groups = groupActions(step.actions);
  const say = (text: string) => once(m, said, step, text);
  const blocks = groups.map((group): Content => ({ stack: [groupContent(m, group, say)], unbreakable: fitsOnePage(group) }));
  // A step's heading never ends a page alone: it travels with its first block when that
  // surely fits on a page (pdfmake drops what does not fit of an unbreakable block).
  const together = groups[0] !== undefined && fitsOnePage(groups[0]);
  return together
    ? [{ stack: [...head, blocks[0]!], unbreakable: true }, ...blocks.slice(1)]
    : [{ stack: head, unbreakable: true }, ...blocks];
}

type PowerShellAction = Extract<RemediationAction, { kind: 'powershell' }>;
type RegistryAction = Extract<RemediationAction, { kind: 'registry' }>;

/**
 * What the plan prints together: consecutive PowerShell commands as one script block under one
 * label (up to a command with a note, which follows the block), consecutive registry values as one
 * table, anything else alone. Each value and command is printed once: a registry value's .reg and
 * PowerShell forms are the exported files' business (appendix, "Plan files").
 */
type ActionGroup =
  | { kind: 'powershell'; actions: PowerShellAction[] }
  | { kind: 'registry'; actions: RegistryAction[] }
  | { kind: 'single'; action: Exclude<RemediationAction, PowerShellAction | RegistryAction> };

function groupActions(actions: readonly RemediationAction[]): ActionGroup[] {
  const groups: ActionGroup[] = [];
  for (const action of actions) {
    const last = groups.at(-1);
    if (action.kind === 'powershell') {
      if (last?.kind === 'powershell' && !last.actions.at(-1)!.noteKey) last.actions.push(action);
      else groups.push({ kind: 'powershell', actions: [action] });
    } else if (action.kind === 'registry') {
      if (last?.kind === 'registry') last.actions.push(action);
      else groups.push({ kind: 'registry', actions: [action] });
    } else {
      groups.push({ kind: 'single', action });
    }
  }
  return groups;
}

/**
 * Keep a group's label, table and code together when it surely fits on a page; pdfmake
 * cannot split an unbreakable block that is taller than one.
 */
function fitsOnePage(group: ActionGroup): boolean {
  const texts =
    group.kind === 'powershell'
      ? group.actions.map((a) => a.code)
      : group.kind === 'registry'
        ? group.actions.flatMap((a) => [a.path, a.name])
        : group.action.kind === 'dns-record'
          ? [group.action.name, group.action.value]
          : group.action.kind === 'file'
            ? [group.action.name, group.action.content]
            : [];
  const lines = texts.reduce((n, text) => n + text.split('\n').reduce((k, line) => k + Math.ceil((line.length + 1) / 80), 0), 0);
  return lines <= 30;
}

function label(text: string): Content {
  return { text, fontSize: 8, bold: true, color: COLOR.muted, margin: [0, 4, 0, 1] };
}

type Say = (text: string) => string;

function note(m: ReportModel, say: Say, key: string, params: Record<string, ParamValue> | undefined): Content {
  return prose(`${m.t('report.plan.note')}: ${say(m.t(key, params ?? {}))}`, { fontSize: 9, margin: [0, 0, 0, 4] });
}

/** Cell padding of the report's tables (TABLE_LAYOUT), left and right. */
const CELL_PADDING = 10;

function groupContent(m: ReportModel, group: ActionGroup, say: Say): Content {
  const { t } = m;
  switch (group.kind) {
    case 'powershell': {
      const last = group.actions.at(-1)!;
      return {
        stack: [
          label(t('report.action.powershell')),
          codeBlock(group.actions.flatMap((a) => codeLines(a.code))),
          ...(last.noteKey ? [note(m, say, last.noteKey, last.noteParams)] : []),
        ],
      };
    }
    case 'registry':
      return { stack: [label(t('report.action.registry')), registryTable(m, group.actions)] };
    case 'single':
      return actionContent(m, group.action, say);
  }
}

/**
 * Registry values as one table: each key once, as a row of its own in code type (a key path is
 * wider than any column could be), and under it its values with name, type and data.
 */
function registryTable(m: ReportModel, actions: readonly RegistryAction[]): Content {
  const { t } = m;
  const widths = [170, 50, '*'];
  // Grouped by key, in the order the keys first appear: each key is printed once.
  const byPath = new Map<string, RegistryAction[]>();
  for (const action of actions) byPath.set(action.path, [...(byPath.get(action.path) ?? []), action]);
  const rows: TableCell[][] = [...byPath].flatMap(([path, values]): TableCell[][] => [
    [{ ...codeText(path, CONTENT_WIDTH - CELL_PADDING), colSpan: 3, fillColor: COLOR.codeBackground }, '', ''],
    ...values.map((action): TableCell[] => [
      codeText(action.name, 170),
      dataText(action.valueType),
      codeText(String(action.value), CONTENT_WIDTH - 170 - 50 - 3 * CELL_PADDING),
    ]),
  ]);
  return table(
    widths,
    [`${t('report.registry.path')} / ${t('report.registry.name')}`, t('report.registry.type'), t('report.registry.value')],
    rows,
  );
}

function actionContent(m: ReportModel, action: Exclude<RemediationAction, PowerShellAction | RegistryAction>, say: Say): Content {
  const { t } = m;
  switch (action.kind) {
    case 'dns-record': {
      // The record once, as a DNS panel asks for it; its zone-file line is in the exported dns-records.zone.
      const nameWidth = CONTENT_WIDTH - 60 - 60 - 3 * CELL_PADDING;
      return {
        stack: [
          label(t('report.action.dns_record')),
          table(
            ['*', 60, 60],
            [t('report.dns.name'), t('report.dns.type'), t('report.dns.ttl')],
            [[codeText(action.name, nameWidth), dataText(action.type), action.ttl === undefined ? '—' : String(action.ttl)]],
          ),
          label(t('report.dns.value')),
          codeBlock([plain(action.value)]),
          ...(action.noteKey ? [note(m, say, action.noteKey, action.noteParams)] : []),
        ],
      };
    }
    case 'instruction':
      return prose(say(t(action.key, action.params ?? {})), { fontSize: 9.5, margin: [0, 2, 0, 4] });
    case 'file':
      // A file to save as it is: its name, then its lines exactly (the export carries it as a file too).
      return {
        stack: [
          label(t('remediation.action.file', { name: action.name })),
          codeBlock(codeLines(action.content.replace(/\n$/, ''))),
          ...(action.noteKey ? [note(m, say, action.noteKey, action.noteParams)] : []),
        ],
      };
  }
}
