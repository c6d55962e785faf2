import { GraphQLError } from 'graphql';
import { actorFromClaims } from './auth';

const exp = Math.floor(Date.now() / 1000) + 60;

describe('claims to actor', () => {
  it('reads sub, name, role and team', () => {
    expect(actorFromClaims({ sub: 'u1', name: '李销售', role: 'SALES_REP', team: 't1', exp })).toEqual({
      userId: 'u1',
      name: '李销售',
      role: 'SALES_REP',
      teamId: 't1',
    });
    expect(actorFromClaims({ sub: 'a1', role: 'ADMIN', exp })).toEqual({ userId: 'a1', role: 'ADMIN', teamId: null });
  });

  it('carries a verified email claim, and leaves out one that is malformed or said to be unverified', () => {
    const claims = { sub: 'u1', role: 'SALES_REP', team: 't1', exp };
    expect(actorFromClaims({ ...claims, email: 'liming@example.com', email_verified: true }).email).toBe('liming@example.com');
    expect(actorFromClaims({ ...claims, email: 'liming@example.com' }).email).toBe('liming@example.com');
    expect(actorFromClaims({ ...claims, email: 'liming@example.com', email_verified: false })).not.toHaveProperty('email');
    expect(actorFromClaims({ ...claims, email: 'not an address' })).toEqual({ userId: 'u1', role: 'SALES_REP', teamId: 't1' });
  });

  it.each([
    ['no sub', { role: 'SALES_REP', exp }],
    ['empty sub', { sub: '', role: 'SALES_REP', exp }],
    ['unknown role', { sub: 'u1', role: 'ROOT', exp }],
    ['no role', { sub: 'u1', exp }],
    ['team not a string', { sub: 'u1', role: 'SALES_REP', team: 7, exp }],
    ['no expiry', { sub: 'u1', role: 'SALES_REP' }],
    ['no claims', undefined],
  ])('refuses a token with %s as UNAUTHENTICATED', (_name, claims) => {
    let thrown: unknown;
    try {
      actorFromClaims(claims as Record<string, unknown> | undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });
});
