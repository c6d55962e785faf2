// The system launcher lives in the testkit so that benchmarks and campaigns can use it too.
export { TestSystem, devToken, freePort, type GraphQLResponse, type ProcessName } from '@salestrail/testkit';
