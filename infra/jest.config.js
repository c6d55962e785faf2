// The infra checks run as their own CLI processes (ES modules); these tests drive them from outside.
module.exports = { ...require('../jest.preset.js'), testMatch: ['<rootDir>/test/**/*.spec.ts'], testTimeout: 60_000 };
