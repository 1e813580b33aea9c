import type { Config } from 'jest';

// Both projects compile TypeScript the same way and read the same test settings.
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  setupFiles: ['reflect-metadata', '<rootDir>/test/helpers/env.ts'],
} satisfies Config;

const config: Config = {
  projects: [
    // Pure functions: no database, no global setup. `npm run test:unit` runs only these,
    // and they pass with MariaDB stopped (test/integration/commands/unit-without-database.test.ts).
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'], testMatch: ['**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration', '<rootDir>/test/replication'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
  ],
  // Integration tests share one migrated database; running files one at a time keeps
  // their data apart without mocks. `npm run test:unit` lifts this limit.
  maxWorkers: 1,
  testTimeout: 30_000,
};

export default config;
