/**
 * Child process for the store's crash tests: saves assessments into a folder until it is killed.
 *   crash-writer.ts <dir> loop            saves one id over and over, printing "saved N" each time
 *   crash-writer.ts <dir> stop-at-rename  saves once, then blocks just before the second rename
 */
import { AssessmentStore } from '../../../electron/store/assessment-store';
import { sampleAssessment } from './sample';

const [dir, mode] = process.argv.slice(2);
if (dir === undefined || (mode !== 'loop' && mode !== 'stop-at-rename')) {
  process.stderr.write('usage: crash-writer.ts <dir> loop|stop-at-rename\n');
  process.exit(2);
}

let saves = 0;
const store = new AssessmentStore(dir, {
  beforeRename: async () => {
    if (mode === 'stop-at-rename' && saves === 1) {
      process.stdout.write('at-rename\n');
      // Wait here until the parent kills the process.
      await new Promise(() => {});
    }
  },
});

for (;;) {
  // Large enough that a kill often lands in the middle of writeFile.
  await store.save(sampleAssessment({ id: 'crash-victim', findings: 3000, toolVersion: `0.0.${saves}` }));
  saves += 1;
  process.stdout.write(`saved ${saves}\n`);
}
