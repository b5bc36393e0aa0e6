/** The CLI as a user runs it, for the tests that drive it as a subprocess. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `electron/cli.ts` through tsx from the repo with stdin closed (never a terminal: the CLI must
 * not wait for input). `env` replaces the environment when given. The CLI's own deadlines end every
 * run; `timeoutMs` only stops a hung process.
 */
export function runCli(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'electron/cli.ts', ...args],
      { cwd: repo, timeout: options.timeoutMs ?? 60_000, encoding: 'utf8', ...(options.env ? { env: options.env } : {}) },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}
