// The two-copy run (src/scale-out.e2e.spec.ts: fourteen processes, 4–9 minutes on two busy cores) runs
// on its own with `npm run test:scaleout`, which CI runs right after `npm test` (.ci/run): alone, its
// processes do not compete with the other end-to-end suites' on a machine with more cores, where jest
// would run them side by side. See docs/ARCHITECTURE.md, "Scaling".
const scaleOut = process.env.SALESTRAIL_SCALE_OUT === '1';
module.exports = {
  ...require('../jest.preset.js'),
  testTimeout: 60_000,
  testPathIgnorePatterns: scaleOut ? [] : ['/node_modules/', 'scale-out\\.e2e\\.spec\\.ts$'],
  globalSetup: require.resolve('@salestrail/testkit/dist/global-setup.js'),
  globalTeardown: require.resolve('@salestrail/testkit/dist/global-teardown.js'),
};
