import { formatReport, judge, runFuzzCampaign } from './fuzz/campaign';

describe('bad-input campaign (tiny size)', () => {
  it('gets a typed error for every hostile operation and leaves the databases unchanged', async () => {
    const report = await runFuzzCampaign({ count: 150, seed: 11 });
    if (!report.passed) console.log(formatReport(report));
    expect(report.total).toBe(150);
    expect(report.problems.map((p) => `${p.fuzzCase.name}: ${p.problem}`)).toEqual([]);
    expect(report.changedTables).toEqual([]);
  });

  it('would notice a 500, an untyped error, an accepted mutation and a leaked result', () => {
    const c = { category: 'x', name: 'x', method: 'POST' as const, headers: {}, mutation: true, mustFail: true };
    expect(judge(c, 500, '{}').problem).toMatch(/500/);
    expect(judge(c, 200, '{"errors":[{"message":"x"}]}').problem).toMatch(/untyped/);
    expect(judge(c, 200, '{"data":{"createCustomer":{"id":"1"}}}').problem).toBe('accepted');
    expect(judge(c, 200, '{"data":{"createCustomer":{"id":"1"}},"errors":[{"extensions":{"code":"FORBIDDEN"}}]}').problem).toBe(
      'mutation returned data',
    );
    expect(judge(c, 200, '{"errors":[{"extensions":{"code":"BAD_USER_INPUT"}}]}').problem).toBeNull();
    const ssrf = { ...c, expectError: { code: 'BAD_USER_INPUT', field: 'url' } };
    expect(judge(ssrf, 200, '{"errors":[{"extensions":{"code":"NOT_FOUND"}}]}').problem).toBe('expected BAD_USER_INPUT on url');
    expect(judge(ssrf, 200, '{"errors":[{"extensions":{"code":"BAD_USER_INPUT","field":"url"}}]}').problem).toBeNull();
  });
});
