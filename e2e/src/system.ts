// The system launcher lives in the testkit so that benchmarks and campaigns can use it too.
import type { GraphQLResponse } from '@salestrail/testkit';
export { TestSystem, devToken, freePort, type GraphQLResponse, type ProcessName } from '@salestrail/testkit';

/** An HTTP answer as the tests look at it: status, raw text, and the body when it is JSON. */
export async function answerOf(res: Response): Promise<{ status: number; text: string; body?: GraphQLResponse }> {
  const text = await res.text();
  let body: GraphQLResponse | undefined;
  try {
    body = JSON.parse(text) as GraphQLResponse;
  } catch {
    body = undefined;
  }
  return { status: res.status, text, body };
}

/** The smallest valid CreateCustomerInput, named `name`, with `extra` fields set or replaced. */
export function customerInput(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    kind: 'ENTERPRISE',
    industryCode: 'C34',
    sourceChannel: 'TRADE_SHOW',
    firstContactDate: '2024-03-15',
    contacts: [{ name: '王总', role: 'DECISION_MAKER' }],
    ...extra,
  };
}
