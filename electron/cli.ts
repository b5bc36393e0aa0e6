/**
 * Headless runner of the same engine the app uses:
 *   mailaudit assess <domain> [--resolver IP[:PORT]]... [--selector S]... [--json FILE] [--lang cs|en]
 *   mailaudit assess <domain>... [--domains FILE] --out-dir DIR   (several domains: cli-batch.ts)
 *   mailaudit tlsa <certificate file> [--host NAME]...   (TLSA records to publish, no assessment)
 * Progress goes to stderr, a readable summary to stdout. Exit 0 when the assessment ran
 * (whatever it found), 2 on bad arguments or a domain that cannot be assessed, 1 on an internal error.
 * Every line printed goes through `visible` (shared/display.ts): text from DNS or a server cannot
 * move the cursor, recolour the terminal or reorder what the reader sees.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LANGUAGES, PLATFORM_HINTS, type Assessment, type Language } from '../shared/assessment';
import { publishedTlsa, smtpTlsaOwner, tlsaHosts, tlsaZoneLine, type PublishableTlsa } from '../shared/dane/publish';
import { describeTlsaParameters, formatTlsa, parseTlsaText } from '../shared/dane/tlsa';
import { validationLines } from '../shared/dnssec/describe';
import type { NameValidation } from '../shared/dnssec/result';
import { visible } from '../shared/display';
import { parseDomainName } from '../shared/domain-name';
import { translate } from '../shared/i18n/index';
import { dataOf } from '../shared/remediation/context';
import { REQUIREMENTS, evaluateRequirements, overallVerdict } from '../shared/requirements';
import { sortFindings } from '../shared/status';
import { daneSpec } from './engine/checks/dane/spec';
import { dnssecSpec } from './engine/checks/dnssec/spec';
import {
  CertificateFileError,
  MAX_CERTIFICATE_FILE_BYTES,
  readCertificateFile,
  tlsaRecordsForFile,
} from './engine/net/dane/certificate-file';
import { DEFAULT_PORT25_REFERENCE } from './engine/check';
import { AssessmentInputError, assess, portReference, type AssessOptions } from './engine/engine';
import { writeFileAtomically } from './store/assessment-store';
import { parseConnectTo, parseHostPort } from './engine/net/connect';
import type { ProgressEvent } from './engine/runner';
import { BrandingFileError, loadBrandingFile } from './report/branding';
import { writeReportPdf } from './report/pdf';
import { checkPlanDir, PlanExportError, writePlanExport } from './main/plan-export';
import { TOOL_VERSION } from './engine/version';
import { diffAssessments } from '../shared/assessment-diff';
import { diffLines, readComparison } from './cli-compare';
import { DEFAULT_CONCURRENCY, batchCommand } from './cli-batch';
import { readinessLines, readinessProgressLines } from './cli-readiness';

const USAGE = `Usage: mailaudit assess <domain> [options]
       mailaudit assess <domain>... [--domains FILE] --out-dir DIR [options]
       mailaudit tlsa <certificate file> [--host NAME]... [--password-file FILE] [--lang cs|en]

Commands:
  assess <domain>        assess the domain's mail security and print a summary
  assess <domain>...     several domains in one run (or --domains FILE): one JSON per
                         domain in --out-dir, a summary table; exit 2 if any domain
                         could not be assessed
  tlsa <file>            print the TLSA records to publish for a certificate file
                         (.pem/.crt/.cer/.der, .p12/.pfx, or a CSR for the next key):
                         _25._tcp.<host>. IN TLSA 3 1 1 … for each --host, 2 1 1 for an
                         issuing CA in the file; no network

Options:
  --resolver IP[:PORT]   DNS resolver to use (repeatable; default: the system resolvers)
  --selector NAME        DKIM selector to try in addition to the common ones (repeatable)
  --host NAME            extra host name of the organisation, e.g. mail.firma.cz (repeatable)
  --platform HINT        ${PLATFORM_HINTS.join(' | ')}
  --client NAME          client name for the report
  --consultant NAME      consultant name for the report
  --json FILE            write the Assessment JSON to FILE
  --pdf FILE             write the PDF audit report to FILE
  --compare FILE         compare with an earlier Assessment JSON of the same domain:
                         fixed, still open, new and changed findings and each
                         requirement before and after, in the summary, in --json
                         (member "comparison") and as a section of --pdf
  --branding FILE        brand the --pdf report: a JSON file {"firmName", "accentColor"
                         ("#RRGGBB"), "signature": {"name", "role", "date", "place"},
                         "logo" (PNG or JPEG path, relative to FILE; at most 1 MiB
                         and 4096×4096 px)}, the same fields as the app's settings
  --plan-dir DIR         export the remediation plan into DIR (new or empty folder):
                         PowerShell scripts, registry.reg, dns-records.zone and a
                         message to the DNS administrator, in the --lang language
  --lang cs|en           language of the summary and the PDF report (default cs)
  --dns-timeout MS       DNS timeout per attempt in milliseconds (default 2500)
  --connect-to HOST:PORT:ADDR:PORT
                         connect to ADDR:PORT whenever HOST:PORT is meant, like curl
                         (repeatable; HOST may be a name or an address, IPv6 in brackets)
  --ca-file FILE         also trust the CA certificates in this PEM file
  --trust-anchor FILE    DNSSEC trust anchors (DS or DNSKEY records, or a BIND
                         trust-anchors block) in place of the IANA root keys
  --root-hint IP[:PORT]  root server for DNSSEC validation when the resolver strips
                         DNSSEC data (repeatable; default: the IANA root servers, used
                         only with the system resolvers: --resolver alone is the override)
  --tlsa-from FILE       also print the TLSA records to publish for this certificate
                         file, for each MX host of the domain (see the tlsa command)
  --password-file FILE   password of a PKCS#12 (.p12/.pfx) file: the file's first line
                         (or set MAILAUDIT_CERT_PASSWORD; on a terminal you are asked)
  --port25-reference HOST[:PORT]
                         unrelated mail server tried when no MX answers on port 25
                         (default ${DEFAULT_PORT25_REFERENCE.host})
  --port-reference HOST  host tried on 465, 587, 993, 995 and 443 when the network is
                         tested before the run (default: those ports are not tested)
  --domains FILE         several domains: one per line, # starts a comment (with
                         domains given on the command line too)
  --out-dir DIR          several domains: new or empty folder for <domain>.json per
                         domain and summary.json; with --pdf also <domain>.pdf per
                         domain, and FILE is the summary report (domains × requirements)
  --concurrency N        several domains: how many are assessed at once (1-8, default
                         ${DEFAULT_CONCURRENCY}); the per-server connection limit holds across them
  --quiet                no progress on stderr
  -h, --help             this help
  -v, --version          print the version
`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** asks on the terminal without echo; absent when stdin is not a terminal */
  prompt?: (question: string) => Promise<string>;
  env?: Record<string, string | undefined>;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  ...(process.stdin.isTTY ? { prompt: promptHidden } : {}),
  env: process.env,
};

export class UsageError extends Error {}

/** Input the user can fix (a file that is no certificate, a wrong password): a translated message, exit 2. */
export class InputError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string> = {},
  ) {
    super(key);
  }
}

/** Ctrl+C or Ctrl+D at the password prompt. */
class PromptCancelled extends Error {}

/**
 * Reads a line from the terminal without echoing it (a PKCS#12 password). Raw mode: the
 * characters are taken one by one, Backspace removes the last, Enter ends, Ctrl+C cancels.
 */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((done, fail) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          done(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          fail(new PromptCancelled());
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * Lines as the CLI prints them. Each line is made visible as a whole (`visible`: control
 * characters, C1 controls such as CSI U+009B, line separators and bidi overrides become escapes),
 * so only the line breaks written here reach the terminal, whatever a record or a message holds.
 */
export function printLines(...lines: string[]): string {
  return lines.map((line) => `${visible(line)}\n`).join('');
}

/** An argument as quoted in a message: a pasted megabyte is not echoed back whole. */
export function shortened(text: string, max = 80): string {
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
        'root-hint': { type: 'string', multiple: true },
        selector: { type: 'string', multiple: true },
        host: { type: 'string', multiple: true },
        platform: { type: 'string' },
        client: { type: 'string' },
        consultant: { type: 'string' },
        json: { type: 'string' },
        pdf: { type: 'string' },
        compare: { type: 'string' },
        branding: { type: 'string' },
        'plan-dir': { type: 'string' },
        lang: { type: 'string' },
        'dns-timeout': { type: 'string' },
        'connect-to': { type: 'string', multiple: true },
        'ca-file': { type: 'string' },
        'trust-anchor': { type: 'string' },
        'tlsa-from': { type: 'string' },
        'password-file': { type: 'string' },
        'port25-reference': { type: 'string' },
        domains: { type: 'string' },
        'out-dir': { type: 'string' },
        concurrency: { type: 'string' },
        'port-reference': { type: 'string' },
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
    if (positionals[0] === 'tlsa') return await tlsaCommand(values, positionals, lang, io);
    if (positionals[0] !== 'assess') throw new UsageError(positionals.length ? `unknown command "${positionals[0]}"` : 'missing command');
    // Several domains (or a list file): cli-batch.ts, after the options every domain shares are checked.
    const batch = positionals.length > 2 || values.domains !== undefined;
    if (!batch && positionals.length !== 2) throw new UsageError('give a domain: mailaudit assess <domain> (several: see --domains)');
    if (!batch && (values['out-dir'] !== undefined || values.concurrency !== undefined))
      throw new UsageError(
        `--${values['out-dir'] !== undefined ? 'out-dir' : 'concurrency'} is for several domains; one domain takes --json`,
      );
    if (values.platform !== undefined && !(PLATFORM_HINTS as readonly string[]).includes(values.platform)) {
      throw new UsageError(`--platform must be one of ${PLATFORM_HINTS.join(', ')}`);
    }
    if (values['password-file'] !== undefined && values['tlsa-from'] === undefined)
      throw new UsageError('--password-file is for the certificate file of --tlsa-from');
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
    if (batch) return await batchCommand(values, positionals.slice(1), lang, engineOptions(values, dnsTimeoutMs), io, signal);
    const domain = parseDomainName(positionals[1]!);
    if (!domain.ok) throw new UsageError(`"${shortened(positionals[1]!)}": ${translate(lang, `domain.${domain.reason}`)}`);

    // Before the assessment: a wrong file or password ends the run at once, and the prompt comes first.
    const tlsa =
      values['tlsa-from'] !== undefined ? await certificateTlsa(values['tlsa-from'], values['password-file'], lang, io) : undefined;

    // Before the assessment: a folder we would refuse to write into is said at once.
    const planDir = values['plan-dir'] !== undefined ? resolve(values['plan-dir']) : undefined;
    if (planDir !== undefined) await checkPlanDir(planDir).catch(planDirError);

    // Before the assessment: a file that is not an earlier assessment of this domain ends the run at once.
    let previous;
    if (values.compare !== undefined) {
      const read = await readComparison(values.compare, domain.ascii);
      if (!read.ok) throw new InputError(read.key, read.params);
      previous = read.value;
    }

    // Before the assessment: a branding file or logo that is not usable ends the run at once.
    if (values.branding !== undefined && values.pdf === undefined) throw new UsageError('--branding is for the report of --pdf');
    const branding =
      values.branding !== undefined
        ? await loadBrandingFile(values.branding).catch((error: unknown) => {
            throw error instanceof BrandingFileError ? new InputError(error.key, error.params) : error;
          })
        : undefined;

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
        ...engineOptions(values, dnsTimeoutMs),
        ...(signal ? { signal } : {}),
        ...(values.quiet ? {} : { onProgress: (e: ProgressEvent) => io.err(progressLine(e, lang, started)) }),
      },
    );
    const comparison = previous ? diffAssessments(previous, assessment) : undefined;
    // With --compare the file is still an Assessment: `comparison` is one more member, which readers ignore.
    const json = comparison ? { ...assessment, comparison } : assessment;
    if (values.json) await writeFileAtomically(resolve(values.json), `${JSON.stringify(json, null, 2)}\n`);
    if (values.pdf)
      await writeReportPdf(resolve(values.pdf), assessment, lang, { ...(previous ? { previous } : {}), ...(branding ? { branding } : {}) });
    const exported =
      planDir !== undefined
        ? await writePlanExport(planDir, assessment, { lang, version: TOOL_VERSION, generatedAt: new Date() }).catch(planDirError)
        : undefined;
    io.out(summary(assessment, lang, tlsa));
    if (comparison) io.out(printLines(...diffLines(comparison, lang)));
    if (exported) io.out(printLines(translate(lang, 'ui.export.plan_saved', { path: planDir!, files: exported.join(', ') })));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${printLines(`mailaudit: ${error.message}`, '')}${USAGE}`);
      return 2;
    }
    if (error instanceof InputError) {
      io.err(printLines(`mailaudit: ${translate(lang, error.key, error.params)}`));
      return 2;
    }
    if (error instanceof PromptCancelled) {
      io.err(printLines(`mailaudit: ${translate(lang, 'cli.tlsa.prompt_cancelled')}`));
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

export type Values = ReturnType<typeof parse>['values'];

/** The network and trust settings of the command line, as the engine takes them. */
function engineOptions(values: Values, dnsTimeoutMs: number | undefined): AssessOptions {
  return {
    ...(values.resolver ? { resolvers: values.resolver } : {}),
    ...(dnsTimeoutMs ? { dnsTimeoutMs } : {}),
    ...(values['connect-to'] ? { connectTo: values['connect-to'] } : {}),
    ...(values['ca-file'] !== undefined ? { caFile: resolve(values['ca-file']) } : {}),
    ...(values['trust-anchor'] !== undefined ? { trustAnchorFile: resolve(values['trust-anchor']) } : {}),
    ...(values['root-hint'] ? { rootHints: values['root-hint'] } : {}),
    ...(values['port25-reference'] !== undefined ? { port25ReferenceHost: values['port25-reference'] } : {}),
    ...(values['port-reference'] !== undefined ? { portReferenceHost: checkedPortReference(values['port-reference']) } : {}),
  };
}

/** `--port-reference HOST`, checked as the engine reads it: a bad one is a usage error (exit 2). */
function checkedPortReference(spec: string): string {
  try {
    portReference(spec);
  } catch (error) {
    throw new UsageError(
      `--port-reference: ${error instanceof AssessmentInputError ? String(error.params.detail) : (error as Error).message}`,
    );
  }
  return spec;
}

/** A --plan-dir that is a file or a folder with files in it: the user's to fix (exit 2). */
function planDirError(error: unknown): never {
  if (error instanceof PlanExportError) throw new InputError(`ui.plan_export.${error.reason}`, { path: error.dir });
  throw error;
}

/** Options that only an assessment uses: given to `tlsa` they are a mistake worth saying. */
const ASSESS_ONLY = [
  'resolver',
  'root-hint',
  'selector',
  'platform',
  'client',
  'consultant',
  'json',
  'pdf',
  'compare',
  'branding',
  'plan-dir',
  'dns-timeout',
  'connect-to',
  'ca-file',
  'trust-anchor',
  'tlsa-from',
  'domains',
  'out-dir',
  'concurrency',
  'port25-reference',
  'port-reference',
] as const;

/** `mailaudit tlsa FILE [--host NAME]...`: the records for a certificate file, without assessing anything. */
async function tlsaCommand(values: Values, positionals: string[], lang: Language, io: Io): Promise<number> {
  if (positionals.length !== 2) throw new UsageError('give exactly one certificate file: mailaudit tlsa <file>');
  const misplaced = ASSESS_ONLY.find((o) => values[o] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced} is an option of "assess", not of "tlsa"`);
  const hosts = (values.host ?? []).map((host) => {
    const owner = smtpTlsaOwner(host);
    if (owner === undefined) throw new UsageError(`--host "${shortened(host)}" is not a host name`);
    return owner;
  });
  const tlsa = await certificateTlsa(positionals[1]!, values['password-file'], lang, io);
  io.out(
    printLines(
      ...tlsaLines(
        tlsa,
        lang,
        hosts.map((owner) => ({ owner, published: new Set<string>() })),
      ),
    ),
  );
  return 0;
}

/** The certificate file of `tlsa` or `--tlsa-from`, read, with its records. */
interface CertificateTlsa {
  file: string;
  records: PublishableTlsa[];
}

/** The password of a PKCS#12 file when given up front: --password-file (its first line), else MAILAUDIT_CERT_PASSWORD. */
async function givenPassword(passwordFile: string | undefined, env: Io['env']): Promise<string | undefined> {
  if (passwordFile !== undefined) {
    const text = await readSmallFile(passwordFile, 64 * 1024);
    return new TextDecoder().decode(text).split(/\r?\n/)[0]!;
  }
  const fromEnv = env?.MAILAUDIT_CERT_PASSWORD;
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** A file the user named, read whole; a missing or unreadable one (or one over `limit` bytes) is an InputError. */
async function readSmallFile(path: string, limit: number): Promise<Uint8Array> {
  const file = resolve(path);
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError('certificate_file.read_failed', { file: path, detail: 'it is a directory' });
    if (info.size > limit) throw new InputError('certificate_file.too-large', { file: path });
    return await readFile(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('certificate_file.missing', { file: path });
    throw new InputError('certificate_file.read_failed', { file: path, detail: (error as Error).message });
  }
}

/** Password attempts at the terminal prompt before giving up. */
const PROMPT_ATTEMPTS = 3;

/**
 * Reads a certificate file (readCertificateFile) and makes its TLSA records. A PKCS#12 file that
 * needs a password takes it from --password-file or the environment, else asks on the terminal;
 * with no terminal that is an error, never a silent skip.
 */
async function certificateTlsa(path: string, passwordFile: string | undefined, lang: Language, io: Io): Promise<CertificateTlsa> {
  const bytes = await readSmallFile(path, MAX_CERTIFICATE_FILE_BYTES);
  const name = basename(path);
  const password = await givenPassword(passwordFile, io.env);
  const failure = (error: unknown) => {
    if (!(error instanceof CertificateFileError)) return error;
    return new InputError(`certificate_file.${error.kind}`, { file: path, detail: error.message });
  };
  let contents;
  try {
    contents = await readCertificateFile(bytes, name, password);
  } catch (error) {
    if (!(error instanceof CertificateFileError && error.kind === 'password-required')) throw failure(error);
    if (!io.prompt) throw new InputError('cli.tlsa.password_needed', { file: path });
    for (let attempt = 1; contents === undefined; attempt++) {
      const typed = await io.prompt(visible(translate(lang, 'cli.tlsa.password_prompt', { file: path })));
      try {
        contents = await readCertificateFile(bytes, name, typed);
      } catch (retry) {
        if (!(retry instanceof CertificateFileError && retry.kind === 'wrong-password') || attempt >= PROMPT_ATTEMPTS) throw failure(retry);
        io.err(printLines(translate(lang, 'certificate_file.wrong-password', { file: path })));
      }
    }
  }
  const records = tlsaRecordsForFile(contents).map((r): PublishableTlsa => ({
    ...r.record,
    role: r.role,
    source: r.source,
    subject: r.subject,
  }));
  if (records.length === 0) throw new InputError('certificate_file.no_records', { file: path });
  return { file: path, records };
}

/** What a record is for, in words: `DANE-EE(3) SPKI(1) SHA2-256(1): key of the server certificate CN=…`. */
function recordPurpose(r: PublishableTlsa, lang: Language): string {
  const role = r.role === 'issuer' ? 'cli.tlsa.role_issuer' : r.source === 'csr' ? 'cli.tlsa.role_csr' : 'cli.tlsa.role_server';
  return `${describeTlsaParameters(r)}: ${translate(lang, role, { subject: r.subject || '—' })}`;
}

/**
 * The records as zone-file lines for each owner (`_25._tcp.<host>.`), each with a comment saying
 * what it is for (and whether the assessment found it published); with no owner, the record data
 * alone and where to publish it.
 */
function tlsaLines(tlsa: CertificateTlsa, lang: Language, owners: { owner: string; published: Set<string> }[]): string[] {
  const lines = [`; ${translate(lang, 'cli.tlsa.title', { file: tlsa.file })}`];
  if (owners.length === 0) {
    lines.push(`; ${translate(lang, 'cli.tlsa.no_host')}`);
    for (const r of tlsa.records) lines.push(`${formatTlsa(r)}  ; ${recordPurpose(r, lang)}`);
  }
  for (const { owner, published } of owners) {
    for (const r of tlsa.records) {
      const already = published.has(formatTlsa(r)) ? ` (${translate(lang, 'cli.tlsa.published')})` : '';
      lines.push(`${tlsaZoneLine(owner, r)}  ; ${recordPurpose(r, lang)}${already}`);
    }
  }
  lines.push(`; ${translate(lang, 'cli.tlsa.publish_hint')}`);
  return lines;
}

function progressLine(e: ProgressEvent, lang: Language, started: number): string {
  const t = `[${((Date.parse(e.at) - started) / 1000).toFixed(1).padStart(5)}s]`;
  if (e.type === 'readiness') return printLines(...readinessProgressLines(e.readiness, lang).map((line) => `${t} ${line}`));
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
export function summary(a: Assessment, lang: Language, tlsa?: CertificateTlsa): string {
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

  // Before the verdicts: what the network let through explains rows that could not be verified.
  if (a.readiness) lines.push('', ...readinessLines(a.readiness, lang));

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
    if (attempt.checkId === dnssecSpec.id) lines.push(...dnssecChains(a, lang));
    if (attempt.checkId === daneSpec.id) lines.push(...daneMatches(a, lang));
  }
  if (tlsa) {
    const owners = tlsaHosts(a).map((host) => ({ owner: smtpTlsaOwner(host)!, published: publishedTlsa(a, host) }));
    lines.push('', `== ${translate(lang, 'cli.tlsa.section')}`);
    if (owners.length === 0) lines.push(`  ${translate(lang, 'cli.tlsa.no_mx')}`);
    lines.push(...tlsaLines(tlsa, lang, owners).map((line) => `  ${line}`));
  }
  return printLines(...lines);
}

/**
 * The chain of trust of every name the DNSSEC check validated (the domain's MX, each MX host's
 * A and AAAA): one line per zone with its DS, keys and the RRSIG over them, key tags, algorithms
 * and validity dates (shared/dnssec/describe.ts). A host's second address type repeats the same
 * zones: only its own answer line is added.
 */
function dnssecChains(a: Assessment, lang: Language): string[] {
  const data = dataOf(a, dnssecSpec);
  if (!data || data.resolverStrips) return [];
  const lines = [`    ${translate(lang, 'evidence.dnssec.chain')}:`];
  const block = (name: string, validations: NameValidation[]) => {
    lines.push(`      ${name} (${validations.map((v) => v.type).join(', ')})`);
    const seen = new Set<string>();
    for (const v of validations) {
      for (const line of validationLines(v)) {
        if (seen.has(line)) continue;
        seen.add(line);
        lines.push(`        ${line}`);
      }
    }
  };
  block(data.domain.name, [data.domain]);
  for (const host of data.hosts) block(host.host, host.addresses);
  return lines;
}

const usableRecord = (text: string) => {
  try {
    return parseTlsaText(text);
  } catch {
    return undefined;
  }
};

/** Per MX host: the TLSA records found and, per group of addresses that served one chain, what each matched. */
function daneMatches(a: Assessment, lang: Language): string[] {
  const data = dataOf(a, daneSpec);
  if (!data || data.hosts.length === 0) return [];
  const lines = [`    ${translate(lang, 'evidence.dane.tlsa')}:`];
  for (const h of data.hosts) {
    const state = h.state === 'checked' ? '' : ` — ${translate(lang, `cli.dane.state_${h.state}`)}`;
    lines.push(`      ${h.host} (_25._tcp.${h.base}.)${state}`);
    for (const r of h.records) {
      const parsed = usableRecord(r.record);
      lines.push(`        ${r.record}${parsed ? `  [${describeTlsaParameters(parsed)}]` : ''}`);
      if (!r.usable) {
        lines.push(`          ${translate(lang, 'cli.dane.unusable', { reason: r.reason ?? '—' })}`);
        continue;
      }
      for (const m of r.matches) {
        const what =
          m.certificate === undefined
            ? translate(lang, 'cli.dane.no_match')
            : m.certificate === 0
              ? translate(lang, 'cli.dane.match_leaf')
              : translate(lang, 'cli.dane.match_issuer', { index: m.certificate });
        lines.push(`          ${m.addresses.join(', ')}: ${what}`);
      }
    }
  }
  return lines;
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
