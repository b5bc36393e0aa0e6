/**
 * Headless runner of the same engine the app uses:
 *   mailaudit assess <domain> [--resolver IP[:PORT]]... [--selector S]... [--json FILE] [--lang cs|en]
 * Progress goes to stderr, a readable summary to stdout. Exit 0 when the assessment ran
 * (whatever it found), 2 on bad arguments or a domain that cannot be assessed, 1 on an internal error.
 * Every line printed goes through `visible` (shared/display.ts): text from DNS or a server cannot
 * move the cursor, recolour the terminal or reorder what the reader sees.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LANGUAGES, PLATFORM_HINTS, type Assessment, type Language } from '../shared/assessment';
import { visible } from '../shared/display';
import { parseDomainName } from '../shared/domain-name';
import { translate } from '../shared/i18n/index';
import { REQUIREMENTS, evaluateRequirements, overallVerdict } from '../shared/requirements';
import { sortFindings } from '../shared/status';
import { DEFAULT_PORT25_REFERENCE } from './engine/check';
import { AssessmentInputError, assess } from './engine/engine';
import { writeFileAtomically } from './store/assessment-store';
import { parseConnectTo, parseHostPort } from './engine/net/connect';
import type { ProgressEvent } from './engine/runner';
import { writeReportPdf } from './report/pdf';
import { TOOL_VERSION } from './engine/version';

const USAGE = `Usage: mailaudit assess <domain> [options]

Options:
  --resolver IP[:PORT]   DNS resolver to use (repeatable; default: the system resolvers)
  --selector NAME        DKIM selector to try in addition to the common ones (repeatable)
  --host NAME            extra host name of the organisation, e.g. mail.firma.cz (repeatable)
  --platform HINT        ${PLATFORM_HINTS.join(' | ')}
  --client NAME          client name for the report
  --consultant NAME      consultant name for the report
  --json FILE            write the Assessment JSON to FILE
  --pdf FILE             write the PDF audit report to FILE
  --lang cs|en           language of the summary and the PDF report (default cs)
  --dns-timeout MS       DNS timeout per attempt in milliseconds (default 2500)
  --connect-to HOST:PORT:ADDR:PORT
                         connect to ADDR:PORT whenever HOST:PORT is meant, like curl
                         (repeatable; HOST may be a name or an address, IPv6 in brackets)
  --ca-file FILE         also trust the CA certificates in this PEM file
  --trust-anchor FILE    DNSSEC trust anchors (DS or DNSKEY records, or a BIND
                         trust-anchors block) in place of the IANA root keys
  --port25-reference HOST[:PORT]
                         unrelated mail server tried when no MX answers on port 25
                         (default ${DEFAULT_PORT25_REFERENCE.host})
  --quiet                no progress on stderr
  -h, --help             this help
  -v, --version          print the version
`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

class UsageError extends Error {}

/**
 * Lines as the CLI prints them. Each line is made visible as a whole (`visible`: control
 * characters, C1 controls such as CSI U+009B, line separators and bidi overrides become escapes),
 * so only the line breaks written here reach the terminal, whatever a record or a message holds.
 */
function printLines(...lines: string[]): string {
  return lines.map((line) => `${visible(line)}\n`).join('');
}

/** An argument as quoted in a message: a pasted megabyte is not echoed back whole. */
function shortened(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        resolver: { type: 'string', multiple: true },
        selector: { type: 'string', multiple: true },
        host: { type: 'string', multiple: true },
        platform: { type: 'string' },
        client: { type: 'string' },
        consultant: { type: 'string' },
        json: { type: 'string' },
        pdf: { type: 'string' },
        lang: { type: 'string' },
        'dns-timeout': { type: 'string' },
        'connect-to': { type: 'string', multiple: true },
        'ca-file': { type: 'string' },
        'trust-anchor': { type: 'string' },
        'port25-reference': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return parsed;
}

export async function main(argv: string[], io: Io = defaultIo, signal?: AbortSignal): Promise<number> {
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    io.err(`${printLines(`mailaudit: ${(error as Error).message}`, '')}${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.version) {
    io.out(`${TOOL_VERSION}\n`);
    return 0;
  }
  const lang = (values.lang ?? 'cs') as Language;
  try {
    if (!LANGUAGES.includes(lang)) throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}`);
    if (positionals[0] !== 'assess') throw new UsageError(positionals.length ? `unknown command "${positionals[0]}"` : 'missing command');
    if (positionals.length !== 2) throw new UsageError('give exactly one domain: mailaudit assess <domain>');
    const domain = parseDomainName(positionals[1]!);
    if (!domain.ok) throw new UsageError(`"${shortened(positionals[1]!)}": ${translate(lang, `domain.${domain.reason}`)}`);
    if (values.platform !== undefined && !(PLATFORM_HINTS as readonly string[]).includes(values.platform)) {
      throw new UsageError(`--platform must be one of ${PLATFORM_HINTS.join(', ')}`);
    }
    let dnsTimeoutMs: number | undefined;
    if (values['dns-timeout'] !== undefined) {
      dnsTimeoutMs = Number(values['dns-timeout']);
      if (!Number.isInteger(dnsTimeoutMs) || dnsTimeoutMs < 50 || dnsTimeoutMs > 60_000)
        throw new UsageError('--dns-timeout must be a whole number of milliseconds between 50 and 60000');
    }

    for (const spec of values['connect-to'] ?? []) {
      try {
        parseConnectTo(spec);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    if (values['port25-reference'] !== undefined) {
      try {
        parseHostPort(values['port25-reference'], 25);
      } catch (error) {
        throw new UsageError(`--port25-reference: ${(error as Error).message}`);
      }
    }

    const started = Date.now();
    const assessment = await assess(
      {
        domain: positionals[1]!,
        clientName: values.client,
        consultantName: values.consultant,
        extraHosts: values.host ?? [],
        dkimSelectors: values.selector ?? [],
        platformHint: values.platform ?? 'unknown',
        language: lang,
      },
      {
        ...(values.resolver ? { resolvers: values.resolver } : {}),
        ...(dnsTimeoutMs ? { dnsTimeoutMs } : {}),
        ...(values['connect-to'] ? { connectTo: values['connect-to'] } : {}),
        ...(values['ca-file'] !== undefined ? { caFile: resolve(values['ca-file']) } : {}),
        ...(values['trust-anchor'] !== undefined ? { trustAnchorFile: resolve(values['trust-anchor']) } : {}),
        ...(values['port25-reference'] !== undefined ? { port25ReferenceHost: values['port25-reference'] } : {}),
        ...(signal ? { signal } : {}),
        ...(values.quiet ? {} : { onProgress: (e: ProgressEvent) => io.err(progressLine(e, lang, started)) }),
      },
    );
    if (values.json) await writeFileAtomically(resolve(values.json), `${JSON.stringify(assessment, null, 2)}\n`);
    if (values.pdf) await writeReportPdf(resolve(values.pdf), assessment, lang);
    io.out(summary(assessment, lang));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${printLines(`mailaudit: ${error.message}`, '')}${USAGE}`);
      return 2;
    }
    if (error instanceof AssessmentInputError) {
      io.err(
        printLines(`mailaudit: ${translate(lang, error.key, error.params)}${error.key === 'request.invalid' ? ` ${error.message}` : ''}`),
      );
      return 2;
    }
    io.err(
      printLines(...`mailaudit: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.split('\n')),
    );
    return 1;
  }
}

function progressLine(e: ProgressEvent, lang: Language, started: number): string {
  const t = `[${((Date.parse(e.at) - started) / 1000).toFixed(1).padStart(5)}s]`;
  const name = translate(lang, `check.${e.checkId}`);
  switch (e.type) {
    case 'check-started':
      return printLines(`${t} ${name} …`);
    case 'target':
      return e.phase === 'finished' ? printLines(`${t}   ${e.target}${e.status ? `: ${translate(lang, `status.${e.status}`)}` : ''}`) : '';
    case 'check-finished':
      return printLines(`${t} ${name}: ${translate(lang, `attempt.${e.status}`)}${e.reason ? ` — ${translate(lang, e.reason)}` : ''}`);
  }
}

/** The readable summary printed to stdout: one line per item, every line made visible (`printLines`). */
export function summary(a: Assessment, lang: Language): string {
  const lines: string[] = [];
  const domain = a.request.domainUnicode === a.request.domain ? a.request.domain : `${a.request.domainUnicode} (${a.request.domain})`;
  lines.push(`MailAudit ${a.toolVersion} — ${domain}`);
  lines.push(`${translate(lang, 'cli.assessed_at')}: ${a.startedAt} – ${a.finishedAt}`);
  lines.push(
    `${translate(lang, 'cli.resolver')}: ${a.resolver.servers.join(', ') || '—'} (${translate(lang, `cli.resolver_${a.resolver.source}`)})`,
  );
  for (const t of a.targets)
    lines.push(
      `${translate(lang, `cli.target_${t.kind}`)}: ${t.name} ${t.addresses.length ? `[${t.addresses.join(', ')}]` : ''}`.trimEnd(),
    );

  const verdicts = evaluateRequirements(a);
  lines.push('', `== ${translate(lang, 'cli.requirements')}: ${translate(lang, `verdict.${overallVerdict(verdicts)}`)}`);
  for (const v of verdicts) {
    const title = translate(lang, REQUIREMENTS.find((r) => r.id === v.id)!.titleKey);
    const reason = v.reasonKey ? ` — ${translate(lang, v.reasonKey, v.reasonParams)}` : '';
    lines.push(`  ${String(v.number).padStart(2)}. [${translate(lang, `verdict.${v.verdict}`)}] ${title}${reason}`);
  }

  for (const attempt of a.attempts) {
    lines.push('');
    lines.push(
      `== ${translate(lang, `check.${attempt.checkId}`)} (${translate(lang, `attempt.${attempt.status}`)}, ${attempt.durationMs} ms)`,
    );
    if (attempt.status !== 'completed') {
      lines.push(
        `  [${translate(lang, `attempt.${attempt.status}`)}] ${translate(lang, attempt.reason ?? 'error.internal')}${attempt.detail ? ` (${attempt.detail})` : ''}`,
      );
    }
    const findings = sortFindings(a.findings.filter((f) => f.checkId === attempt.checkId));
    for (const f of findings) lines.push(`  [${translate(lang, `status.${f.status}`)}] ${translate(lang, f.key, f.params)}`);
    lines.push(...profileEvidence(findings, lang));
  }
  return printLines(...lines);
}

/** Evidence that makes up a server's TLS profile and certificate, shown once per server. */
const PROFILE_EVIDENCE = /^evidence\.(tls|certificate)\./;

function profileEvidence(findings: Assessment['findings'], lang: Language): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of findings) {
    for (const e of f.evidence) {
      if (e.type !== 'text' || !PROFILE_EVIDENCE.test(e.key)) continue;
      const id = `${f.target ?? ''}\u0000${e.key}\u0000${e.value}`;
      if (seen.has(id)) continue;
      seen.add(id);
      lines.push(`    ${translate(lang, e.key)}${f.target ? ` (${f.target})` : ''}:`);
      // The profile's own lines stay lines; anything else in them is made visible with the rest.
      for (const line of e.value.split('\n')) lines.push(`      ${line}`);
    }
  }
  return lines;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
/**
 * Ctrl+C: the first cancels the assessment, which still writes what was found (--json, --pdf,
 * the summary); later ones only say so. Once the handler is gone, a second Ctrl+C would kill the
 * process half-way through writing the files the user asked for.
 */
function interruptHandler(controller: AbortController, io: Pick<Io, 'err'>): () => void {
  let count = 0;
  return () => {
    count++;
    if (count === 1) {
      controller.abort();
      io.err(printLines('mailaudit: cancelling; writing what was found so far (Ctrl+C again does not stop that)'));
    } else {
      io.err(printLines('mailaudit: still writing the results of the cancelled assessment; please wait'));
    }
  };
}

if (invokedDirectly) {
  const controller = new AbortController();
  process.on('SIGINT', interruptHandler(controller, defaultIo));
  main(process.argv.slice(2), defaultIo, controller.signal).then((code) => {
    process.exitCode = code;
  });
}
