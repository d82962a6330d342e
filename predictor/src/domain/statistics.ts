import type * as SimpleStatistics from 'simple-statistics' with { 'resolution-mode': 'import' };

// simple-statistics declares its types as ESM only, while this workspace compiles to CommonJS;
// its package also ships a CommonJS build (the `require` export), which is what loads here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const statistics = require('simple-statistics') as typeof SimpleStatistics;

export const { quantileSorted, mean, sampleStandardDeviation } = statistics;
