module.exports = {
  ...require('../jest.preset.js'),
  testTimeout: 180_000,
  globalSetup: require.resolve('@salestrail/testkit/dist/global-setup.js'),
  globalTeardown: require.resolve('@salestrail/testkit/dist/global-teardown.js'),
};
