/** Type errors are caught by `tsc --noEmit` (npm test runs it first), and tsconfig's isolatedModules makes ts-jest only transpile. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
  },
};
