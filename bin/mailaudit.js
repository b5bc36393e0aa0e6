#!/usr/bin/env node
// Command-line entry: runs the CLI built by `npm run build` (out/main/cli.js) under plain Node.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cliUrl = new URL('../out/main/cli.js', import.meta.url);

if (!existsSync(fileURLToPath(cliUrl))) {
  process.stderr.write(
    'mailaudit: the CLI is not built (out/main/cli.js is missing).\n' +
      'Run `npm run build` first, or run it from the sources with `npm run cli -- <arguments>`.\n',
  );
  process.exit(1);
}

const { main } = await import(cliUrl.href);
const code = await main(process.argv.slice(2));

// Let piped output drain before exiting; an explicit exit also ends the process when a socket
// was left open by mistake instead of hanging after the result was printed.
await new Promise((resolve) => process.stdout.write('', resolve));
await new Promise((resolve) => process.stderr.write('', resolve));
process.exit(typeof code === 'number' ? code : 1);
