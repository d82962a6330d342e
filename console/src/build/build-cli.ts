import { join } from 'node:path';

import { buildBundle, describeBundle } from './build-bundle';

// `npm run build -w console`: builds the bundle and prints every file's size, raw and gzipped.
buildBundle(join(__dirname, '..', '..')).then(
  (report) => process.stdout.write(`${describeBundle(report)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
