import { formatReport, judge, runFuzzCampaign } from './fuzz/campaign';

describe('bad-input campaign (tiny size)', () => {
  it('gets a typed error for every hostile operation and leaves the databases unchanged', async () => {
    const report = await runFuzzCampaign({ count: 150, seed: 11 });
    if (!report.passed) console.log(formatReport(report));
    expect(report.total).toBe(150);
    expect(report.problems.map((p) => `${p.fuzzCase.name}: ${p.problem}`)).toEqual([]);
    expect(report.changedTables).toEqual([]);
    // Captured identities replayed at the subgraph ports are part of every run, however small.
    expect(report.byCategory['replayed identities']).toBeGreaterThanOrEqual(30);
  });

  it('would notice a 500, an untyped error, an accepted mutation and a leaked result', () => {
    const c = {
      category: 'x',
      name: 'x',
      method: 'POST' as const,
      headers: {},
      mutation: true,
      mustFail: true,
    };
    expect(judge(c, 500, '{}').problem).toMatch(/500/);
    expect(judge(c, 200, '{"errors":[{"message":"x"}]}').problem).toMatch(/untyped/);
    expect(judge(c, 200, '{"data":{"createCustomer":{"id":"1"}}}').problem).toBe('accepted');
    expect(
      judge(c, 200, '{"data":{"createCustomer":{"id":"1"}},"errors":[{"extensions":{"code":"FORBIDDEN"}}]}')
        .problem,
    ).toBe('mutation returned data');
    expect(judge(c, 200, '{"errors":[{"extensions":{"code":"BAD_USER_INPUT"}}]}').problem).toBeNull();
    const bomb = {
      ...c,
      mutation: false,
      expectError: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' },
    };
    expect(
      judge(bomb, 200, '{"errors":[{"extensions":{"code":"BAD_USER_INPUT","reason":"TOO_MANY_ALIASES"}}]}')
        .problem,
    ).toBe('expected BAD_USER_INPUT (QUERY_TOO_COSTLY)');
    expect(
      judge(bomb, 200, '{"errors":[{"extensions":{"code":"BAD_USER_INPUT","reason":"QUERY_TOO_COSTLY"}}]}')
        .problem,
    ).toBeNull();
    // A replayed identity must be refused as such: any other refusal means it got past the identity check.
    expect(
      judge({ ...c, expectStatus: 401 }, 400, '{"errors":[{"extensions":{"code":"BAD_USER_INPUT"}}]}')
        .problem,
    ).toBe('HTTP 400, not 401');
    expect(
      judge({ ...c, expectStatus: 401 }, 401, '{"errors":[{"extensions":{"code":"UNAUTHENTICATED"}}]}')
        .problem,
    ).toBeNull();
    const ssrf = { ...c, expectError: { code: 'BAD_USER_INPUT', field: 'url' } };
    expect(judge(ssrf, 200, '{"errors":[{"extensions":{"code":"NOT_FOUND"}}]}').problem).toBe(
      'expected BAD_USER_INPUT on url',
    );
    expect(
      judge(ssrf, 200, '{"errors":[{"extensions":{"code":"BAD_USER_INPUT","field":"url"}}]}').problem,
    ).toBeNull();
  });
});
