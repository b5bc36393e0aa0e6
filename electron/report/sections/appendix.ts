/**
 * Technical appendix: how the assessment ran (times, resolver, catalogue version), the targets
 * and IP addresses tested, each check's timing and outcome, errors, and the evidence behind
 * every finding. Everything that came from the network is shown as text, escaped where needed.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { Evidence, Finding } from '../../../shared/assessment';
import { evidenceLines } from '../../../shared/evidence';
import { hasMessage } from '../../../shared/i18n/index';
import { CATALOGUE_VERSION, SOURCES } from '../../../shared/requirements';
import { sortFindings } from '../../../shared/status';
import type { ReportModel } from '../model';
import { formatDateTime, formatDuration, formatTime, plain } from '../text';
import { COLOR, CONTENT_WIDTH, FONT, STATUS_COLOR, badge, codeBlock, dataText, keyValueTable, listingBlock, prose, table } from '../theme';
import { findingId, findingRefs } from './refs';
import { readinessSection } from './readiness';

export function appendixSection(m: ReportModel): Content[] {
  const { t } = m;
  return [
    { text: t('report.appendix.title'), style: 'h1', tocItem: true, pageBreak: 'before' },
    { text: t('report.appendix.intro'), style: 'lead' },
    ...planFiles(m),
    ...runInfo(m),
    ...readinessSection(m),
    ...targets(m),
    ...attempts(m),
    ...errors(m),
    ...sources(m),
    { text: t('report.appendix.evidence'), style: 'h2', outline: true },
    { text: t('report.appendix.evidence_intro'), style: 'small', margin: [0, 0, 0, 4] },
    ...evidence(m),
  ];
}

function checkName(m: ReportModel, checkId: string): string {
  const key = `check.${checkId}`;
  return hasMessage(key, m.lang) ? m.t(key) : plain(checkId);
}

/** The files the plan export writes (another part of the app writes them; the names are its contract). */
export const PLAN_FILES = [
  ['exchange-online.ps1', 'report.appendix.file.exchange_online'],
  ['exchange-server.ps1', 'report.appendix.file.exchange_server'],
  ['registry.reg', 'report.appendix.file.registry'],
  ['dns-records.zone', 'report.appendix.file.dns_zone'],
  ['dns-administrator.txt', 'report.appendix.file.dns_admin'],
] as const;

/** Where the exact scripts are: the report prints them for reading, the exported files are for use. */
function planFiles(m: ReportModel): Content[] {
  const { t } = m;
  if (m.plan.steps.length === 0) return [];
  return [
    { text: t('report.appendix.files'), style: 'h2', outline: true },
    prose(t('report.appendix.files_intro', { button: t('ui.export.plan') }), { fontSize: 9, margin: [0, 0, 0, 4] }),
    table(
      [130, '*'],
      [t('report.col.file'), t('report.col.contents')],
      PLAN_FILES.map(([file, key]): TableCell[] => [{ text: file, font: FONT.mono }, t(key)]),
    ),
  ];
}

function runInfo(m: ReportModel): Content[] {
  const { t, assessment: a } = m;
  const none = t('report.appendix.none');
  const list = (items: string[]) => (items.length ? dataText(items.join(', ')) : none);
  const rows: [string, Content][] = [
    [t('report.appendix.started'), `${formatDateTime(a.startedAt, m.lang, m.timeZone)}\n${plain(a.startedAt)}`],
    [t('report.appendix.finished'), `${formatDateTime(a.finishedAt, m.lang, m.timeZone)}\n${plain(a.finishedAt)}`],
    [
      t('report.appendix.resolver'),
      `${a.resolver.servers.map(plain).join(', ') || '—'} (${t(`report.appendix.resolver_${a.resolver.source}`)})`,
    ],
    [t('report.appendix.platform_hint'), t(`report.platform_hint.${a.request.platformHint}`)],
    [t('report.appendix.selectors'), list(a.request.dkimSelectors)],
    [t('report.appendix.extra_hosts'), list(a.request.extraHosts)],
    [t('report.appendix.catalogue_version'), CATALOGUE_VERSION],
  ];
  return [{ text: t('report.appendix.run'), style: 'h2', outline: true }, keyValueTable(rows, 150)];
}

function targets(m: ReportModel): Content[] {
  const { t, assessment: a } = m;
  const head: Content = { text: t('report.appendix.targets'), style: 'h2', outline: true };
  if (a.targets.length === 0) return [head, { text: t('report.appendix.no_targets'), italics: true, fontSize: 9 }];
  return [
    head,
    table(
      [90, '*', 130, 70],
      [t('report.col.kind'), t('report.col.name'), t('report.col.addresses'), t('report.col.source')],
      a.targets.map((x): TableCell[] => [
        t(`report.target_kind.${x.kind}`),
        dataText(x.name),
        x.addresses.length ? dataText(x.addresses.join(', ')) : '—',
        t(`report.target_source.${x.source}`),
      ]),
    ),
  ];
}

function attempts(m: ReportModel): Content[] {
  const { t, assessment: a } = m;
  const rows = a.attempts.map((x): TableCell[] => [
    checkName(m, x.checkId),
    { text: t(`attempt.${x.status}`), bold: x.status !== 'completed', color: x.status === 'error' ? STATUS_COLOR.error : COLOR.ink },
    formatTime(x.startedAt, m.lang, m.timeZone),
    { text: formatDuration(x.durationMs, m.lang), alignment: 'right' },
    x.status === 'completed' ? '' : prose([x.reason ? t(x.reason) : '', x.detail ? plain(x.detail) : ''].filter(Boolean).join(' – ')),
  ]);
  return [
    { text: t('report.appendix.attempts'), style: 'h2', outline: true },
    table(
      [110, 62, 70, 48, '*'],
      [t('report.col.check'), t('report.col.state'), t('report.col.started'), t('report.col.duration'), t('report.col.detail')],
      rows,
    ),
  ];
}

function errors(m: ReportModel): Content[] {
  const { t, assessment: a } = m;
  const failed = a.attempts.filter((x) => x.status === 'error');
  const errorFindings = m.findings.filter((f) => f.status === 'error');
  const items: Content[] = [
    ...failed.map((x) =>
      prose(`${checkName(m, x.checkId)}: ${x.reason ? t(x.reason) : t('error.internal')}${x.detail ? ` (${plain(x.detail)})` : ''}`, {
        fontSize: 9,
      }),
    ),
    ...errorFindings.map((f) => prose(`${checkName(m, f.checkId)}: ${t(f.key, f.params)}`, { fontSize: 9 })),
  ];
  return [
    { text: t('report.appendix.errors'), style: 'h2', outline: true },
    items.length ? { ul: items, margin: [0, 0, 0, 4] } : { text: t('report.appendix.no_errors'), italics: true, fontSize: 9 },
  ];
}

function sources(m: ReportModel): Content[] {
  const { t } = m;
  const rows = Object.values(SOURCES).map((s): TableCell[] => [
    prose(t(s.titleKey)),
    plain(s.date),
    t(s.primaryTextAvailable ? 'report.appendix.source_primary' : 'report.appendix.source_summaries'),
  ]);
  return [
    { text: t('report.appendix.sources'), style: 'h2', outline: true },
    table(['*', 70, 140], [t('report.col.document'), t('report.col.date'), t('report.col.text_available')], rows),
  ];
}

/** One evidence item as a short heading line plus, for DNS, its records in a monospace block. */
function evidenceContent(m: ReportModel, e: Evidence, n: number): Content {
  const { t } = m;
  const tag = { text: `[${n}] `, bold: true };
  switch (e.type) {
    case 'dns': {
      const head = [e.query, e.rrtype, e.rcode, ...(e.server ? [t('report.evidence.server', { server: e.server })] : [])]
        .map(plain)
        .join('  ·  ');
      const line = {
        text: [
          tag,
          { text: head },
          ...(e.records.length ? [] : [{ text: `  ·  ${t('report.evidence.no_records')}`, italics: true, color: COLOR.muted }]),
        ],
        fontSize: 8.5,
        ...(/\S{50,}/.test(head) ? { wordBreak: 'break-all' as const } : {}),
      };
      if (e.records.length === 0) return { ...line, margin: [0, 0, 0, 3] };
      return { stack: [line, codeBlock(e.records.map(plain), undefined, [0, 1, 0, 4])] };
    }
    case 'address':
      return { text: [tag, { text: `${plain(e.host)}: ${plain(e.address)}` }], fontSize: 8.5, margin: [0, 0, 0, 3] };
    case 'text': {
      const { lines, listing } = evidenceLines(e);
      return {
        stack: [
          { text: [tag, { text: hasMessage(e.key, m.lang) ? t(e.key) : plain(e.key) }], fontSize: 8.5 },
          listing ? listingBlock(lines.map(courierMarks)) : codeBlock(lines.map(plain), undefined, [0, 1, 0, 4]),
        ],
      };
    }
  }
}

/**
 * A listing line with the one mark of our own listings that neither Courier nor Roboto draws: the
 * check mark after a DS a key matched (shared/dnssec/describe.ts) reads `matched`.
 */
export function courierMarks(line: string): string {
  return line.replaceAll(' ✓', ' matched');
}

/**
 * Evidence numbered through the whole appendix: an item several checks rest on (a record, the
 * address a --connect-to rule used) is shown under the first and only referred to by number later.
 */
function evidence(m: ReportModel): Content[] {
  const numbered = new Map<string, number>();
  const labels = findingRefs(m);
  return m.assessment.attempts.flatMap((attempt) => evidenceOfCheck(m, attempt.checkId, numbered, labels));
}

function evidenceOfCheck(
  m: ReportModel,
  checkId: string,
  numbered: Map<string, number>,
  labels: ReturnType<typeof findingRefs>,
): Content[] {
  const { t } = m;
  const findings = sortFindings(m.findings.filter((f) => f.checkId === checkId));
  if (findings.length === 0) return [];
  // Findings of one check often rest on the same record: number each distinct item once.
  const shown: { n: number; evidence: Evidence }[] = [];
  const refs = new Map<Finding, number[]>();
  for (const f of findings) {
    refs.set(
      f,
      f.evidence.map((e) => {
        const key = JSON.stringify(e);
        let n = numbered.get(key);
        if (n === undefined) {
          numbered.set(key, (n = numbered.size + 1));
          shown.push({ n, evidence: e });
        }
        return n;
      }),
    );
  }
  // The findings chapter explains each finding; here it is named by its label only.
  const findingRows = findings.map((f): TableCell[] => {
    const r = refs.get(f) ?? [];
    const label = labels.get(findingId(f))?.ref;
    return [
      badge(t(`status.${f.status}`), STATUS_COLOR[f.status], 58),
      label
        ? { text: label, bold: true, fontSize: 8.5 }
        : prose(t(f.key, f.params), { fontSize: 8.5, width: CONTENT_WIDTH - 66 - 80 - 12 }),
      {
        text: r.length ? `${t('report.appendix.evidence_refs')} ${r.map((n) => `[${n}]`).join(' ')}` : t('report.appendix.no_evidence'),
        fontSize: 8,
        color: COLOR.muted,
      },
    ];
  });
  return [
    {
      stack: [
        { text: checkName(m, checkId), style: 'h3', outline: true },
        {
          table: { widths: [66, 40, '*'], body: findingRows, dontBreakRows: true },
          layout: {
            hLineWidth: () => 0,
            vLineWidth: () => 0,
            paddingLeft: () => 0,
            paddingRight: () => 4,
            paddingTop: () => 2,
            paddingBottom: () => 2,
          },
          margin: [0, 0, 0, 6],
        },
      ],
      // The check's heading stays with its findings unless they are too many for one page.
      unbreakable: findingRows.length <= 16,
    },
    ...shown.map(({ n, evidence }) => evidenceContent(m, evidence, n)),
  ];
}
