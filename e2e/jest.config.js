// The two-copy run (src/scale-out.e2e.spec.ts: fourteen processes, several minutes on two cores) runs on
// its own with `npm run test:scaleout`, not in `npm test`: see docs/ARCHITECTURE.md, "Scaling".
const scaleOut = process.env.SALESTRAIL_SCALE_OUT === '1';
module.exports = {
  ...require('../jest.preset.js'),
  testTimeout: 60_000,
  testPathIgnorePatterns: scaleOut ? [] : ['/node_modules/', 'scale-out\\.e2e\\.spec\\.ts$'],
  globalSetup: require.resolve('@salestrail/testkit/dist/global-setup.js'),
  globalTeardown: require.resolve('@salestrail/testkit/dist/global-teardown.js'),
};
