import { defineConfig } from 'vitest/config';
import ClosingLineReporter from './test/closing-line-reporter';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Lab servers bind loopback ports; keep files in separate processes.
    pool: 'forks',
    reporters: ['default', new ClosingLineReporter()],
  },
});
