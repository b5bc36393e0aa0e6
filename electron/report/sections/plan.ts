/** The remediation plan: ordered steps, each with its risk in one sentence and its commands and records in full. */
import type { Content } from 'pdfmake/interfaces';
import type { ParamValue } from '../../../shared/assessment';
import { hasMessage } from '../../../shared/i18n/index';
import type { RemediationAction, RemediationStep } from '../../../shared/remediation/index';
import { REQUIREMENTS } from '../../../shared/requirements';
import type { ReportModel } from '../model';
import { plain } from '../text';
import { COLOR, codeBlock, codeLines, dataText, prose, table } from '../theme';

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
  for (const step of steps) {
    const first = stepContent(m, step);
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

function stepContent(m: ReportModel, step: RemediationStep): Content[] {
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
      text: [{ text: `${t('report.plan.risk')}: `, bold: true }, { text: t(step.riskKey, step.riskParams ?? {}) }],
      fontSize: 9.5,
      margin: [0, 0, 0, 4],
    },
  ];
  const actions = step.actions.map((action): Content => ({ stack: [actionContent(m, action)], unbreakable: fitsOnePage(action) }));
  // A step's heading never ends a page alone: it travels with its first action when that
  // surely fits on a page (pdfmake drops what does not fit of an unbreakable block).
  const together = step.actions[0] !== undefined && fitsOnePage(step.actions[0]);
  return together
    ? [{ stack: [...head, actions[0]!], unbreakable: true }, ...actions.slice(1)]
    : [{ stack: head, unbreakable: true }, ...actions];
}

/**
 * Keep an action's label, table and code together when it surely fits on a page; pdfmake
 * cannot split an unbreakable block that is taller than one.
 */
function fitsOnePage(action: RemediationAction): boolean {
  const texts =
    action.kind === 'powershell'
      ? [action.code]
      : action.kind === 'dns-record'
        ? [action.value, action.zoneFile]
        : action.kind === 'registry'
          ? [action.reg, action.powershell]
          : [];
  const lines = texts.reduce((n, text) => n + text.split('\n').reduce((k, line) => k + Math.ceil((line.length + 1) / 80), 0), 0);
  return lines <= 30;
}

function label(text: string): Content {
  return { text, fontSize: 8, bold: true, color: COLOR.muted, margin: [0, 4, 0, 1] };
}

function note(m: ReportModel, key: string, params: Record<string, ParamValue> | undefined): Content {
  return prose(`${m.t('report.plan.note')}: ${m.t(key, params ?? {})}`, { fontSize: 9, margin: [0, 0, 0, 4] });
}

function actionContent(m: ReportModel, action: RemediationAction): Content {
  const { t } = m;
  switch (action.kind) {
    case 'powershell':
      return {
        stack: [
          label(t('report.action.powershell')),
          codeBlock(codeLines(action.code)),
          ...(action.noteKey ? [note(m, action.noteKey, action.noteParams)] : []),
        ],
      };
    case 'dns-record':
      return {
        stack: [
          label(t('report.action.dns_record')),
          table(
            ['*', 60, 60],
            [t('report.dns.name'), t('report.dns.type'), t('report.dns.ttl')],
            [[dataText(action.name), dataText(action.type), action.ttl === undefined ? '—' : String(action.ttl)]],
          ),
          label(t('report.dns.value')),
          codeBlock([plain(action.value)]),
          label(t('report.action.zone_file')),
          codeBlock([plain(action.zoneFile)]),
          ...(action.noteKey ? [note(m, action.noteKey, action.noteParams)] : []),
        ],
      };
    case 'registry':
      return {
        stack: [
          label(t('report.action.registry')),
          table(
            ['*', 90, 70, 60],
            [t('report.registry.path'), t('report.registry.name'), t('report.registry.type'), t('report.registry.value')],
            [[dataText(action.path), dataText(action.name), dataText(action.valueType), dataText(String(action.value))]],
          ),
          label(t('report.action.reg_file')),
          codeBlock(codeLines(action.reg)),
          label(t('report.action.powershell')),
          codeBlock(codeLines(action.powershell)),
        ],
      };
    case 'instruction':
      return prose(t(action.key, action.params ?? {}), { fontSize: 9.5, margin: [0, 2, 0, 4] });
  }
}
