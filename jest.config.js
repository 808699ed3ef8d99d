/** Jest runs the TypeScript sources as ES modules through ts-jest (type checking is `npm run typecheck`). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/moto-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/moto-global-teardown.ts',
};
