/**
 * Several domains in one CLI run (issue 11): twelve lab domains through `mailaudit assess
 * --domains FILE --out-dir DIR`, the CLI as a subprocess so the peak memory is the CLI's own (its
 * maximum resident set size, from `/usr/bin/time -f %M`). Wall time and peak RSS with --concurrency
 * 1, 3 and 8, with 3 also with --pdf (twelve domain reports and the summary), and one domain alone
 * for the baseline; besides the process's wall time, the assessments' own (summary.json's
 * startedAt–finishedAt: no process start, no PDFs).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LabDnsServer } from '../test/lab/dns-server';
import { startSmtpLab } from '../test/lab/smtp-lab';
import { TWELVE_DOMAINS } from '../test/lab/zones';

const repo = resolve(import.meta.dirname, '..');
const TIME = '/usr/bin/time';

interface Measured {
  ms: number;
  /** peak resident set size in MiB; undefined without /usr/bin/time */
  rssMiB?: number;
  code: number;
}

/** Runs the CLI once (through /usr/bin/time when present) and measures it. */
function measure(args: string[]): Promise<Measured> {
  const withTime = existsSync(TIME);
  const cli = [process.execPath, '--import', 'tsx', 'electron/cli.ts', ...args];
  const [command, ...rest] = withTime ? [TIME, '-f', 'maxrss=%M', ...cli] : cli;
  const t0 = performance.now();
  return new Promise((done) => {
    const child = execFile(
      command!,
      rest,
      { cwd: repo, encoding: 'utf8', timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
      (error, _out, err) => {
        const ms = performance.now() - t0;
        const kib = /maxrss=(\d+)/.exec(err)?.[1];
        done({
          ms,
          ...(kib ? { rssMiB: Number(kib) / 1024 } : {}),
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
        });
      },
    );
    child.stdin?.end();
  });
}

export async function runBatchBench(lab: LabDnsServer, trustAnchorFile: string): Promise<void> {
  const smtp = await startSmtpLab();
  const dir = await mkdtemp(join(tmpdir(), 'mailaudit-bench-batch-'));
  try {
    const list = join(dir, 'domains.txt');
    await writeFile(list, `# twelve lab domains\n${TWELVE_DOMAINS.join('\n')}\n`);
    const common = ['--resolver', lab.address, '--trust-anchor', trustAnchorFile, '--quiet', ...smtp.args];
    const rss = (m: Measured) => (m.rssMiB === undefined ? 'n/a' : `${m.rssMiB.toFixed(0)} MiB`);
    process.stdout.write(
      `\nSeveral domains in one CLI run: ${TWELVE_DOMAINS.length} lab domains (--domains FILE), wall time and the CLI's peak RSS${existsSync(TIME) ? '' : ' (no /usr/bin/time: RSS not measured)'}\n`,
    );
    let run = 0;
    for (const { concurrency, pdf } of [
      { concurrency: 1, pdf: false },
      { concurrency: 3, pdf: false },
      { concurrency: 8, pdf: false },
      { concurrency: 3, pdf: true },
    ]) {
      const out = join(dir, `out-${run++}`);
      const m = await measure([
        'assess',
        '--domains',
        list,
        '--out-dir',
        out,
        '--concurrency',
        String(concurrency),
        ...(pdf ? ['--pdf', join(dir, `summary-${run}.pdf`)] : []),
        ...common,
      ]);
      const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8').catch(() => '{}')) as {
        counts?: { assessed: number };
        startedAt?: string;
        finishedAt?: string;
      };
      // The assessments alone, without the process start and the PDFs.
      const assessing = summary.startedAt && summary.finishedAt ? Date.parse(summary.finishedAt) - Date.parse(summary.startedAt) : NaN;
      process.stdout.write(
        `  ${`${TWELVE_DOMAINS.length} domains, --concurrency ${concurrency}${pdf ? ' --pdf' : ''}`.padEnd(36)} ${m.ms.toFixed(0).padStart(6)} ms  peak RSS ${rss(m)}  (assessments ${assessing} ms; exit ${m.code}, ${summary.counts?.assessed ?? 0} assessed)\n`,
      );
    }
    const single = await measure(['assess', TWELVE_DOMAINS[0]!, ...common]);
    process.stdout.write(`  ${'one domain alone (baseline)'.padEnd(36)} ${single.ms.toFixed(0).padStart(6)} ms  peak RSS ${rss(single)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await smtp.close();
  }
}
