// Two projects: `unit` (pure logic, fakes of our ports; seconds) and `integration` (real
// PostgreSQL, RabbitMQ and Cassandra brought up by `fareflow services up`).
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  // light-my-request (Fastify's inject) requires the ESM-only `cookie` 2; Node 20 can require(esm),
  // jest's module runtime cannot, so that one package is compiled to CommonJS for tests.
  '/node_modules/cookie/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = ['/node_modules/(?!cookie/)'];
const workspaces = '<rootDir>/{shared,ingest,aggregator,predictor,order,availability-api,cli}';

module.exports = {
  projects: [
    {
      displayName: 'unit',
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      testMatch: [`${workspaces}/test/unit/**/*.test.ts`],
    },
    {
      displayName: 'integration',
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      testMatch: [`${workspaces}/test/integration/**/*.test.ts`],
      globalSetup: '<rootDir>/shared/test/support/integration-global-setup.ts',
      slowTestThreshold: 20,
    },
  ],
  // Two cores: one worker for the Node side leaves the other to the databases.
  maxWorkers: 1,
  // Project-level testTimeout is ignored by jest 30: set it here for every project.
  testTimeout: 60_000,
};
