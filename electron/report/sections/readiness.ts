/**
 * Network readiness in the report (shared/readiness.ts): a line on the cover and a short block
 * after the summary's table when the network left rows unverifiable, and the measurements with
 * every limitation in the appendix's account of how the assessment ran.
 */
import type { Content } from 'pdfmake/interfaces';
import { limitationText, readinessLimitations, readinessLimits, type NetworkReadiness } from '../../../shared/readiness';
import type { ReportModel } from '../model';
import { plain } from '../text';
import { COLOR, VERDICT_COLOR, keyValueTable, prose } from '../theme';

/** The cover's line when something limits the results (nothing otherwise). */
export function readinessCoverLine(m: ReportModel): Content[] {
  if (!readinessLimits(m.assessment.readiness)) return [];
  return [{ text: m.t('readiness.limited_short'), bold: true, color: VERDICT_COLOR.not_verified, margin: [0, 12, 0, 0] }];
}

/**
 * After the summary's table: the limitations that leave rows unverified, one sentence block each
 * (also in the summary report of several domains, which share one measurement).
 */
export function readinessNotice(r: NetworkReadiness | undefined, t: ReportModel['t']): Content[] {
  if (!r) return [];
  const limits = readinessLimitations(r).filter((l) => l.severity === 'limits');
  if (limits.length === 0) return [];
  return [
    { text: t('readiness.title'), style: 'h2' },
    {
      ul: limits.map((l) => prose(limitationText(l, t), { fontSize: 9 })),
      margin: [0, 0, 0, 4],
    },
  ];
}

function resolverText(m: ReportModel, r: NetworkReadiness): string {
  if (r.resolvers.length === 0) return m.t('readiness.resolver.none');
  return r.resolvers
    .map((s) => {
      const state = !s.answered
        ? m.t('readiness.resolver.silent')
        : s.rcode && s.rcode !== 'NOERROR'
          ? m.t('readiness.resolver.answered_rcode', { rcode: s.rcode, ms: s.ms ?? 0 })
          : m.t('readiness.resolver.answered', { ms: s.ms ?? 0 });
      return `${plain(s.server)}: ${state}`;
    })
    .join('\n');
}

function portsText(m: ReportModel, r: NetworkReadiness): string {
  return r.ports
    .map((p) => {
      const against = p.host ? ` (${m.t('readiness.port.against', { host: p.host })})` : '';
      return `${p.port} ${m.t(`readiness.port.${p.port}`)}: ${m.t(`readiness.port_state.${p.state}`)}${against}`;
    })
    .join('\n');
}

/** The appendix's part: what was measured and what each finding of it means. */
export function readinessSection(m: ReportModel): Content[] {
  const r = m.assessment.readiness;
  const title: Content = { text: m.t('readiness.title'), style: 'h2', outline: true };
  if (!r) return [title, { text: m.t('readiness.not_recorded'), style: 'small' }];
  const limits = readinessLimitations(r);
  return [
    title,
    { text: m.t('readiness.intro'), style: 'small', margin: [0, 0, 0, 4] },
    keyValueTable(
      [
        [m.t('readiness.resolvers'), resolverText(m, r)],
        [m.t('readiness.dnssec'), m.t(`readiness.dnssec.${r.dnssec.state}`, { zone: r.dnssec.zone })],
        [m.t('readiness.ports'), portsText(m, r)],
      ],
      150,
    ),
    { text: m.t('readiness.limits'), bold: true, margin: [0, 6, 0, 2] },
    limits.length === 0
      ? { text: m.t('readiness.no_limits'), fontSize: 9 }
      : {
          ul: limits.map((l) => prose(limitationText(l, m.t), { fontSize: 9, ...(l.severity === 'note' ? { color: COLOR.muted } : {}) })),
        },
  ];
}
