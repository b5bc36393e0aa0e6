import { defineConfig } from 'vitest/config';
import ClosingLineReporter from './test/closing-line-reporter';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Lab servers bind loopback ports; keep files in separate processes.
    pool: 'forks',
    // Tests reach nothing but this machine; the engine refuses other addresses (loopback-guard.ts).
    env: { MAILAUDIT_LOOPBACK_ONLY: '1' },
    reporters: ['default', new ClosingLineReporter()],
  },
});
