module.exports = {
  ...require('../../jest.preset.js'),
  globalSetup: require.resolve('@salestrail/testkit/dist/global-setup.js'),
  globalTeardown: require.resolve('@salestrail/testkit/dist/global-teardown.js'),
};
