// Two projects: `unit` (pure logic, fakes of our ports; seconds) and `integration` (real
// PostgreSQL, RabbitMQ and Cassandra brought up by `fareflow services up`).
// ts-jest in transpile-only mode (types are checked once by `npm run typecheck`, not per test file).
// Not @swc/jest: its native binaries (and jest 30's resolver's) are platform packages that our
// registry mirror does not carry, which leaves `npm ci` unable to trust the lock file.
const tsJest = (compilerOptions) => [
  'ts-jest',
  { diagnostics: false, tsconfig: { ...compilerOptions, isolatedModules: true } },
];
const transform = {
  '^.+\\.ts$': tsJest({ target: 'ES2022', module: 'CommonJS', moduleResolution: 'Node' }),
};
const workspaces = '<rootDir>/{shared,ingest,aggregator,predictor,order,availability-api,cli,console}';

module.exports = {
  projects: [
    {
      displayName: 'unit',
      transform,
      testEnvironment: 'node',
      testMatch: [`${workspaces}/test/unit/**/*.test.ts`],
    },
    {
      displayName: 'integration',
      transform,
      testEnvironment: 'node',
      testMatch: [`${workspaces}/test/integration/**/*.test.ts`],
      globalSetup: '<rootDir>/shared/test/support/integration-global-setup.ts',
      slowTestThreshold: 20,
    },
  ],
  // Two cores: one worker for the Node side leaves the other to the databases.
  maxWorkers: 1,
  // Set here, for every project: a project-level testTimeout is not applied.
  testTimeout: 60_000,
  // Every test closes what it opens, and each file exits cleanly on its own; run in band together,
  // some handle (not found by --detectOpenHandles, which then exits normally) keeps jest alive
  // after the last test. Exit explicitly so CI cannot hang on it.
  forceExit: true,
};
