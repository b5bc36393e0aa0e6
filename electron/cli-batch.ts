/**
 * Several domains in one run (a group of companies):
 *   mailaudit assess a.cz b.cz … [--domains FILE] --out-dir DIR [--pdf FILE] [--concurrency N]
 * The domains are assessed a few at a time (--concurrency, default 3) through ONE Connector, so the
 * per-address limit on simultaneous connections (2) holds across domains that share an MX host.
 * Each assessed domain is written to DIR as `<a-label>.json` as soon as it finishes; then
 * `summary.json` (shared/batch.ts `batchSummary` plus file names and messages) and, with --pdf, one
 * PDF per domain in DIR and the summary report at FILE. A domain that cannot be assessed
 * (NXDOMAIN, an internal error) is recorded and the others go on; Ctrl+C cancels the run, keeps
 * what finished and marks the rest cancelled. Exit 0 when every domain was assessed, 2 when any
 * was not (after writing everything else) or the arguments are wrong, 1 on an internal error.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Assessment, Language } from '../shared/assessment';
import {
  MAX_BATCH_DOMAINS,
  VERDICT_MARK,
  batchSummary,
  parseDomainList,
  type BatchOutcome,
  type BatchSummary,
  type DomainListEntry,
} from '../shared/batch';
import { parseDomainName } from '../shared/domain-name';
import { translate } from '../shared/i18n/index';
import { REQUIREMENTS, overallVerdict, evaluateRequirements } from '../shared/requirements';
import type { Verdict } from '../shared/status';
import {
  AssessmentInputError,
  assess,
  buildConnector,
  engineSettings,
  measureReadiness,
  resolverServers,
  trustAnchors,
  type AssessOptions,
} from './engine/engine';
import type { Connector } from './engine/net/connect';
import { TOOL_VERSION } from './engine/version';
import { checkPlanDir, PlanExportError } from './main/plan-export';
import { BrandingFileError, loadBrandingFile, type ReportBranding } from './report/branding';
import { batchErrorMessage, writeBatchReportPdf } from './report/batch-report';
import { writeReportPdf } from './report/pdf';
import { writeFileAtomically } from './store/assessment-store';
import { InputError, UsageError, printLines, shortened, type Io, type Values } from './cli';
import { readinessLines, readinessProgressLines } from './cli-readiness';
import type { NetworkReadiness } from '../shared/readiness';

export const DEFAULT_CONCURRENCY = 3;
const MAX_CONCURRENCY = 8;
/** A list of at most 100 names is a few kilobytes; anything far larger is the wrong file. */
const MAX_LIST_BYTES = 1024 * 1024;

/** Options that describe one domain's assessment or output: with several domains they are a mistake worth saying. */
const SINGLE_DOMAIN_OPTIONS = {
  json: 'with several, each JSON goes into --out-dir',
  compare: 'compare each domain in a run of its own',
  'plan-dir': 'export each plan in a run of its own',
  'tlsa-from': 'use it in a run of that domain alone',
  'password-file': 'it belongs to --tlsa-from',
  host: "extra host names belong to one organisation's domain",
} as const;

/** What the run needs besides the domains: where to write, how, and the engine's settings. */
export interface BatchPlan {
  domains: readonly DomainListEntry[];
  /** absolute path of the new or empty folder for the JSON (and per-domain PDF) files */
  outDir: string;
  /** absolute path of the summary PDF; per-domain PDFs are written only with it */
  pdf?: string;
  branding?: ReportBranding;
  concurrency: number;
  lang: Language;
  quiet: boolean;
  /** the request fields every domain shares */
  request: { clientName?: string; consultantName?: string; dkimSelectors: string[]; platformHint: string };
  /** network and trust settings (without connector or signal) */
  engine: AssessOptions;
  /** the one connector of the run: its per-address limit holds across domains */
  connector: Connector;
  signal?: AbortSignal;
}

/**
 * `assess` with several domains or --domains: checks the arguments and the out folder before any
 * network work, then runs the batch. `names` are the positional domains after `assess`.
 */
export async function batchCommand(
  values: Values,
  names: string[],
  lang: Language,
  engine: AssessOptions,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  for (const [option, hint] of Object.entries(SINGLE_DOMAIN_OPTIONS)) {
    if (values[option as keyof typeof SINGLE_DOMAIN_OPTIONS] !== undefined) throw new UsageError(`--${option} is for one domain: ${hint}`);
  }
  if (values['out-dir'] === undefined) throw new UsageError('several domains need --out-dir DIR: a new or empty folder for their results');
  const concurrency = values.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  if (values.branding !== undefined && values.pdf === undefined) throw new UsageError('--branding is for the reports of --pdf');

  const list = await domainList(names, values.domains, lang, io);
  if (!list) return 2;

  const outDir = resolve(values['out-dir']);
  const pdf = values.pdf !== undefined ? resolve(values.pdf) : undefined;
  if (pdf !== undefined && dirname(pdf) === outDir && ownedNames(list).has(basename(pdf)))
    throw new InputError('cli.batch.pdf_clash', { path: pdf });
  // Written last: a folder that is not there would fail the run after all the work.
  if (
    pdf !== undefined &&
    dirname(pdf) !== outDir &&
    !(await stat(dirname(pdf)).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new InputError('cli.batch.pdf_folder_missing', { path: dirname(pdf) });
  // The settings every domain shares are checked once, before anything runs: a bad resolver or
  // CA file is the user's to fix, not twelve identical failures.
  try {
    resolverServers(engine.resolvers);
    await engineSettings(engine);
    await trustAnchors(engine.trustAnchorFile);
  } catch (error) {
    if (error instanceof AssessmentInputError) throw new InputError(error.key, error.params);
    throw error;
  }
  const branding =
    values.branding !== undefined
      ? await loadBrandingFile(values.branding).catch((error: unknown) => {
          throw error instanceof BrandingFileError ? new InputError(error.key, error.params) : error;
        })
      : undefined;
  await prepareOutDir(outDir);

  return runBatch(
    {
      domains: list,
      outDir,
      ...(pdf !== undefined ? { pdf } : {}),
      ...(branding ? { branding } : {}),
      concurrency,
      lang,
      quiet: values.quiet ?? false,
      request: {
        ...(values.client !== undefined ? { clientName: values.client } : {}),
        ...(values.consultant !== undefined ? { consultantName: values.consultant } : {}),
        dkimSelectors: values.selector ?? [],
        platformHint: values.platform ?? 'unknown',
      },
      engine,
      connector: buildConnector(engine)(signal),
      ...(signal ? { signal } : {}),
    },
    io,
  );
}

/**
 * The domains of the command line, then those of --domains FILE, each once. A bad name on the
 * command line is a usage error; bad lines of the file are listed with their numbers (exit 2).
 */
async function domainList(names: string[], file: string | undefined, lang: Language, io: Io): Promise<DomainListEntry[] | undefined> {
  const domains: DomainListEntry[] = [];
  const duplicates: string[] = [];
  const add = (entry: DomainListEntry) => {
    if (domains.some((d) => d.ascii === entry.ascii)) {
      if (!duplicates.includes(entry.ascii)) duplicates.push(entry.ascii);
    } else domains.push(entry);
  };
  for (const name of names) {
    const parsed = parseDomainName(name);
    if (!parsed.ok) throw new UsageError(`"${shortened(name)}": ${translate(lang, `domain.${parsed.reason}`, { max: MAX_BATCH_DOMAINS })}`);
    // Line 0: named on the command line, not in the file.
    add({ ascii: parsed.ascii, unicode: parsed.unicode, line: 0 });
  }
  if (file !== undefined) {
    const list = parseDomainList(await readListFile(file));
    if (list.problems.length > 0) {
      io.err(
        printLines(
          `mailaudit: ${translate(lang, 'cli.batch.list_problems', { file })}`,
          ...list.problems.map(
            (p) =>
              `  ${translate(lang, 'cli.batch.list_problem', { line: p.line, text: shortened(p.text), reason: translate(lang, `domain.${p.reason}`, { max: MAX_BATCH_DOMAINS }) })}`,
          ),
        ),
      );
      return undefined;
    }
    for (const d of list.duplicates) duplicates.push(d);
    for (const entry of list.domains) add(entry);
  }
  if (domains.length === 0) throw new InputError('cli.batch.no_domains');
  if (domains.length > MAX_BATCH_DOMAINS)
    throw new InputError('cli.batch.too_many', { max: String(MAX_BATCH_DOMAINS), count: String(domains.length) });
  // A name given twice is no error, but the user should know the run has one row for it.
  for (const d of new Set(duplicates)) io.err(printLines(`mailaudit: ${translate(lang, 'cli.batch.duplicate', { domain: d })}`));
  return domains;
}

async function readListFile(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError('cli.batch.file_unreadable', { file, detail: 'it is a directory' });
    if (info.size > MAX_LIST_BYTES) throw new InputError('cli.batch.file_too_large', { file, max: '1 MiB' });
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError('cli.batch.file_missing', { file });
    throw new InputError('cli.batch.file_unreadable', { file, detail: (error as Error).message });
  }
}

/** The names the run writes into the out folder. */
function ownedNames(domains: readonly DomainListEntry[]): Set<string> {
  return new Set(['summary.json', ...domains.flatMap((d) => [`${d.ascii}.json`, `${d.ascii}.pdf`])]);
}

/** A new or empty folder (created here); a folder with files in it, or a file of that name, is refused. */
async function prepareOutDir(dir: string): Promise<void> {
  const refuse = (error: unknown): never => {
    if (error instanceof PlanExportError) throw new InputError(`cli.batch.out_dir_${error.reason}`, { path: dir });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new InputError('cli.batch.out_dir_not_directory', { path: dir });
    throw error;
  };
  await checkPlanDir(dir).catch(refuse);
  await mkdir(dir, { recursive: true }).catch(refuse);
  await checkPlanDir(dir).catch(refuse);
}

/**
 * Runs the plan: at most `concurrency` domains at once, all through `plan.connector`; each
 * assessed domain's JSON is written as it finishes, the PDFs and the summary at the end. Returns
 * the exit code (0 all assessed, 2 any not).
 */
export async function runBatch(plan: BatchPlan, io: Pick<Io, 'out' | 'err'>): Promise<number> {
  const { domains, lang } = plan;
  const total = domains.length;
  const outcomes: (BatchOutcome | undefined)[] = new Array<BatchOutcome | undefined>(total).fill(undefined);
  const files = new Map<string, { json?: string; pdf?: string }>();
  const progress = (index: number, text: string) => {
    if (!plan.quiet) io.err(printLines(`[${index + 1}/${total}] ${domains[index]!.unicode}: ${text}`));
  };
  const startedAt = new Date();
  // The network is the same for every domain: measured once, recorded in each assessment.
  const readiness = await measureReadiness({ ...plan.engine, ...(plan.signal ? { signal: plan.signal } : {}) });
  if (!plan.quiet) io.err(printLines(...readinessProgressLines(readiness, lang)));

  let next = 0;
  const worker = async () => {
    while (next < total && !plan.signal?.aborted) {
      const index = next++;
      const domain = domains[index]!;
      progress(index, translate(lang, 'cli.batch.started'));
      const t0 = Date.now();
      const outcome = await assessOne(plan, domain, readiness);
      outcomes[index] = outcome;
      if (outcome.status === 'assessed') {
        const json = `${domain.ascii}.json`;
        await writeFileAtomically(join(plan.outDir, json), `${JSON.stringify(outcome.assessment, null, 2)}\n`);
        files.set(domain.ascii, { json });
        const verdict = overallVerdict(evaluateRequirements(outcome.assessment));
        progress(
          index,
          translate(lang, 'cli.batch.assessed', {
            verdict: translate(lang, `verdict.${verdict}`),
            seconds: ((Date.now() - t0) / 1000).toFixed(1),
          }),
        );
      } else if (outcome.status === 'failed') {
        progress(index, translate(lang, 'cli.batch.failed', { reason: batchErrorMessage(lang, outcome.error) }));
      } else {
        progress(index, translate(lang, 'cli.batch.cancelled'));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, total) }, worker));
  const finishedAt = new Date();
  const all = outcomes.map((o, i): BatchOutcome => o ?? { domain: domains[i]!.ascii, status: 'cancelled' });
  const summary = batchSummary(all);

  // The PDFs after the assessments: rendering holds the CPU, which would delay the network work (and its deadlines) of running domains.
  if (plan.pdf !== undefined) {
    const assessed = all.filter((o): o is Extract<BatchOutcome, { status: 'assessed' }> => o.status === 'assessed');
    if (!plan.quiet && assessed.length > 0) io.err(printLines(translate(lang, 'cli.batch.writing_pdfs', { count: assessed.length })));
    const options = plan.branding ? { branding: plan.branding } : {};
    for (const o of assessed) {
      const pdf = `${o.domain}.pdf`;
      await writeReportPdf(join(plan.outDir, pdf), o.assessment, lang, options);
      files.get(o.domain)!.pdf = pdf;
    }
    await writeBatchReportPdf(plan.pdf, summary, lang, {
      startedAt,
      finishedAt,
      cancelled: plan.signal?.aborted ?? false,
      outDir: plan.outDir,
      files: summary.rows.flatMap((r) => (files.get(r.domain)?.pdf ? [files.get(r.domain)!.pdf!] : [])),
      ...(plan.request.clientName !== undefined ? { clientName: plan.request.clientName } : {}),
      ...(plan.request.consultantName !== undefined ? { consultantName: plan.request.consultantName } : {}),
      ...(plan.branding ? { branding: plan.branding } : {}),
      readiness,
    });
  }

  const summaryFile = {
    toolVersion: TOOL_VERSION,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    cancelled: plan.signal?.aborted ?? false,
    language: lang,
    requirements: summary.requirements,
    counts: summary.counts,
    readiness,
    domains: summary.rows.map((r) => ({
      ...r,
      ...files.get(r.domain),
      ...(r.error ? { message: batchErrorMessage(lang, r.error) } : {}),
    })),
    ...(plan.pdf !== undefined ? { summaryPdf: plan.pdf } : {}),
  };
  await writeFileAtomically(join(plan.outDir, 'summary.json'), `${JSON.stringify(summaryFile, null, 2)}\n`);

  io.out(summaryLines(summary, lang, plan, files, readiness));
  return summary.counts.assessed === total ? 0 : 2;
}

/** One domain through the engine; how it ended, never an exception. */
async function assessOne(plan: BatchPlan, domain: DomainListEntry, readiness: NetworkReadiness): Promise<BatchOutcome> {
  try {
    const assessment: Assessment = await assess(
      { domain: domain.ascii, ...plan.request, extraHosts: [], language: plan.lang },
      { ...plan.engine, readiness, connector: plan.connector, ...(plan.signal ? { signal: plan.signal } : {}) },
    );
    // Cancelled half-way: partial results are not this domain's assessment.
    if (assessment.cancelled) return { domain: domain.ascii, status: 'cancelled' };
    return { domain: domain.ascii, status: 'assessed', assessment };
  } catch (error) {
    if (plan.signal?.aborted) return { domain: domain.ascii, status: 'cancelled' };
    if (error instanceof AssessmentInputError) {
      const params = error.key === 'request.invalid' ? { ...error.params, detail: error.message } : error.params;
      return { domain: domain.ascii, status: 'failed', error: { key: error.key, params } };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { domain: domain.ascii, status: 'failed', error: { key: 'cli.batch.internal_error', params: { detail } } };
  }
}

/** Characters as the terminal shows them (an IDN's letters), for padding columns. */
const width = (text: string) => [...text].length;

/** Stdout: the table of domains × requirements, the legend, the domains not assessed, the files written. */
function summaryLines(
  summary: BatchSummary,
  lang: Language,
  plan: BatchPlan,
  files: Map<string, { json?: string; pdf?: string }>,
  readiness: NetworkReadiness,
): string {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(lang, key, params);
  const label = (r: BatchSummary['rows'][number]) => (r.domainUnicode === r.domain ? r.domain : `${r.domainUnicode} (${r.domain})`);
  const nameWidth = Math.max(width(t('cli.batch.domain')), ...summary.rows.map((r) => width(label(r))));
  const pad = (text: string) => text + ' '.repeat(Math.max(0, nameWidth - width(text)));
  const numbers = summary.requirements.map((r) => String(r.number).padStart(2)).join(' ');
  const lines = [
    t('cli.batch.title', { version: TOOL_VERSION, count: summary.rows.length }),
    '',
    ...readinessLines(readiness, lang),
    '',
    `${pad(t('cli.batch.domain'))}  ${numbers}  ${t('cli.batch.overall')}`,
  ];
  for (const r of summary.rows) {
    const cells =
      r.status === 'assessed'
        ? summary.requirements
            .map((req) => VERDICT_MARK[r.verdicts.find((v) => v.id === req.id)?.verdict ?? 'not_verified'].padStart(2))
            .join(' ')
        : summary.requirements.map(() => ' -').join(' ');
    const overall =
      r.status === 'assessed'
        ? t(`verdict.${r.overall!}`)
        : r.status === 'failed'
          ? t('report.batch.table.not_assessed')
          : t('report.batch.table.cancelled');
    lines.push(`${pad(label(r))}  ${cells}  ${overall}`);
  }
  const marks = (Object.keys(VERDICT_MARK) as Verdict[]).map((v) => `${VERDICT_MARK[v]} ${t(`verdict.${v}`)}`).join(', ');
  lines.push('', t('cli.batch.legend', { marks: `${marks}, - ${t('report.batch.table.not_assessed')}` }));
  for (const r of REQUIREMENTS) lines.push(`  ${String(r.number).padStart(2)}. ${t(r.titleKey)}`);
  lines.push('', t('cli.batch.counts', summary.counts));
  const missing = summary.rows.filter((r) => r.status !== 'assessed');
  if (missing.length > 0) {
    lines.push('', t('cli.batch.not_assessed'));
    for (const r of missing) lines.push(`  ${label(r)}: ${r.error ? batchErrorMessage(lang, r.error) : t('cli.batch.cancelled')}`);
  }
  lines.push('', t('cli.batch.files', { path: plan.outDir }));
  for (const r of summary.rows) {
    const f = files.get(r.domain);
    if (f) lines.push(`  ${[f.json, f.pdf].filter((x) => x !== undefined).join(', ')}`);
  }
  lines.push('  summary.json');
  if (plan.pdf !== undefined) lines.push(t('cli.batch.summary_pdf', { path: plan.pdf }));
  return printLines(...lines);
}
