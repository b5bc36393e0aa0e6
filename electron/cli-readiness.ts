/**
 * The CLI's "Network readiness" section and progress line (shared/readiness.ts): which resolvers
 * answered, whether they pass DNSSEC data, each port probed and against which host, then what
 * each limitation means for the requirement rows, in plain words. Lines only; cli.ts makes them
 * visible (`printLines`) with the rest of the summary.
 */
import type { Language } from '../shared/assessment';
import { translate } from '../shared/i18n/index';
import { limitationText, readinessLimitations, type NetworkReadiness, type PortReadiness } from '../shared/readiness';

function portLine(p: PortReadiness, lang: Language): string {
  const service = translate(lang, `readiness.port.${p.port}`);
  const state = translate(lang, `readiness.port_state.${p.state}`);
  // The address only when --connect-to sent the connection elsewhere than the reference itself.
  const elsewhere = p.address && p.address !== `${p.host}:${p.port}` && p.address !== `[${p.host}]:${p.port}` ? ` (${p.address})` : '';
  const against = p.host ? `, ${translate(lang, 'readiness.port.against', { host: p.host })}${elsewhere}` : '';
  const time = p.ms !== undefined && p.state !== 'not_tested' ? `, ${p.ms} ms` : '';
  return `${String(p.port).padStart(4)} ${service}: ${state}${against}${time}`;
}

/** The summary's section: a heading, the measurements, then the limitations (or that there are none). */
export function readinessLines(r: NetworkReadiness, lang: Language): string[] {
  const lines = [`== ${translate(lang, 'readiness.title')}`];
  if (r.resolvers.length === 0) lines.push(`  ${translate(lang, 'readiness.resolvers')}: ${translate(lang, 'readiness.resolver.none')}`);
  else {
    lines.push(`  ${translate(lang, 'readiness.resolvers')}:`);
    for (const s of r.resolvers) {
      const state = !s.answered
        ? translate(lang, 'readiness.resolver.silent')
        : s.rcode && s.rcode !== 'NOERROR'
          ? translate(lang, 'readiness.resolver.answered_rcode', { rcode: s.rcode, ms: s.ms ?? 0 })
          : translate(lang, 'readiness.resolver.answered', { ms: s.ms ?? 0 });
      lines.push(`    ${s.server}: ${state}`);
    }
    lines.push(
      `  ${translate(lang, 'readiness.dnssec')}: ${translate(lang, `readiness.dnssec.${r.dnssec.state}`, { zone: r.dnssec.zone })}`,
    );
  }
  lines.push(`  ${translate(lang, 'readiness.ports')}:`);
  for (const p of r.ports) lines.push(`  ${portLine(p, lang)}`);
  const limits = readinessLimitations(r);
  const severe = limits.filter((l) => l.severity === 'limits');
  lines.push(`  ${translate(lang, 'readiness.limits')}:`);
  if (severe.length === 0) lines.push(`    ${translate(lang, 'readiness.no_limits')}`);
  for (const l of limits)
    lines.push(`    ${l.severity === 'limits' ? '!' : '-'} ${limitationText(l, (key, params) => translate(lang, key, params))}`);
  return lines;
}

/** The progress line when the readiness is measured: the ports at a glance and each limitation. */
export function readinessProgressLines(r: NetworkReadiness, lang: Language): string[] {
  const ports = r.ports.map((p) => `${p.port} ${translate(lang, `readiness.port_state.${p.state}`)}`).join(', ');
  return [
    `${translate(lang, 'readiness.title')}: ${ports}`,
    ...readinessLimitations(r)
      .filter((l) => l.severity === 'limits')
      .map((l) => `  ! ${limitationText(l, (key, params) => translate(lang, key, params))}`),
  ];
}
