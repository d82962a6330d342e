// Two projects: `unit` (pure logic, fakes of our ports; seconds) and `integration` (real
// PostgreSQL, RabbitMQ and Cassandra brought up by `fareflow services up`).
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const workspaces = '<rootDir>/{shared,ingest,aggregator,predictor,order,availability-api,cli}';

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
      testTimeout: 60_000,
      slowTestThreshold: 20,
    },
  ],
  // Two cores: one worker for the Node side leaves the other to the databases.
  maxWorkers: 1,
};
