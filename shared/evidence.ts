/**
 * Text evidence as lines, the same in the wizard and the PDF. Some values are lists of lines a
 * check wrote itself (a DNSSEC chain, one zone per line; the TLSA records and what each matched; a
 * TLS profile; a certificate chain): there a line break is structure and shows as one. In any
 * other value a line break came with the data from the network, so it stays visible as `\n` at the
 * end of its line, and the text goes on below (shared/display.ts `visible` for the rest).
 */
import { visible } from './display';

const LINE_EVIDENCE = /^evidence\.(tls|certificate|dnssec|dane|web_access|exchange|client_access)\./;

/**
 * The evidence value as lines to show, each already made visible; `listing` when the value is a
 * list a check wrote (shown as a block of lines even when it has one), not a value from the network.
 */
export function evidenceLines(e: { key: string; value: string }): { lines: string[]; listing: boolean } {
  const lines = e.value.split('\n');
  if (LINE_EVIDENCE.test(e.key)) return { lines: lines.map(visible), listing: true };
  return { lines: lines.map((line, i) => `${visible(line)}${i < lines.length - 1 ? '\\n' : ''}`), listing: false };
}
