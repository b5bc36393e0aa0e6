/**
 * Plain-text lines of a validation's chain of trust, for evidence in the wizard, the PDF and the
 * CLI: one line per zone with its DS, keys and the signature over its keys.
 */
import type { NameValidation, SignatureCheck, ZoneLink } from './result';
import { formatName } from './wire';

const day = (iso: string): string => iso.slice(0, 10);

function signature(s: SignatureCheck): string {
  return `RRSIG ${s.covers} ${s.keyTag}/${s.algorithm} ${day(s.inception)}–${day(s.expiration)} ${s.result}`;
}

export function linkLine(link: ZoneLink): string {
  const parts = [`${formatName(link.zone)} ${link.status}${link.reason ? ` (${link.reason})` : ''}`];
  if (link.anchored) parts.push('trust anchor');
  if (link.ds.length > 0)
    parts.push(`DS ${link.ds.map((d) => `${d.keyTag}/${d.algorithm}/${d.digestType}${d.matched ? ' ✓' : ''}`).join(', ')}`);
  if (link.dnskeys.length > 0) {
    parts.push(`DNSKEY ${link.dnskeys.map((k) => `${k.keyTag}/${k.algorithm}${k.flags & 1 ? ' KSK' : ''}`).join(', ')}`);
  }
  parts.push(...link.signatures.map(signature));
  if (link.proof) parts.push(`proof: ${link.proof}`);
  if (link.detail) parts.push(link.detail);
  return parts.join(' · ');
}

/** The chain, then the answer's own signatures and the verdict. */
export function validationLines(v: NameValidation): string[] {
  const answer = [`${formatName(v.name)} ${v.type} ${v.rcode}: ${v.status}${v.reason ? ` (${v.reason})` : ''}`];
  if (v.cnames.length > 0) answer.push(`via ${v.cnames.map(formatName).join(' → ')}`);
  if (v.wildcard) answer.push(`wildcard ${formatName(v.wildcard)}`);
  answer.push(...v.signatures.map(signature));
  if (v.detail) answer.push(v.detail);
  return [...v.chain.map(linkLine), answer.join(' · ')];
}
