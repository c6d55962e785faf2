import { randomUUID } from 'node:crypto';
import { Prng } from '../seed/prng';

/**
 * The campaign's load: virtual salespeople (one per team slot) and their managers sending a mix of
 * mutations through the gateway. Each logical mutation carries a client token (in the name, summary,
 * reason, note or comments) so the databases can tell afterwards whether it landed once, never, or
 * twice. A transport failure, a 5xx or an untyped error is retried with back-off (the same token); a
 * typed domain error (BAD_USER_INPUT, CONFLICT, NOT_FOUND, FORBIDDEN) is an answer, not a failure.
 */

export type MutationKind =
  | 'createCustomer'
  | 'logInteraction'
  | 'changeStage'
  | 'completeNextAction'
  | 'rescheduleNextAction'
  | 'submitForReview'
  | 'decideReview';

export const MUTATION_WEIGHTS: Record<MutationKind, number> = {
  createCustomer: 15,
  logInteraction: 35,
  changeStage: 18,
  completeNextAction: 10,
  rescheduleNextAction: 8,
  submitForReview: 8,
  decideReview: 6,
};

const TYPED = new Set(['BAD_USER_INPUT', 'CONFLICT', 'NOT_FOUND', 'FORBIDDEN']);
const STAGES = ['LEAD_NURTURING', 'NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED', 'NEGOTIATION', 'DEAL_SIGNING', 'AFTER_SALES', 'LEAD_TERMINATED'];
const METHODS = ['PHONE_CALL', 'IN_PERSON_MEETING', 'VIDEO_MEETING', 'EMAIL', 'INSTANT_MESSAGE', 'SITE_VISIT', 'OTHER'];
const CHANNELS = ['TRADE_SHOW', 'PROACTIVE_VISIT', 'ONLINE_PROMOTION', 'REFERRAL', 'INBOUND', 'OTHER'];

export interface FailedAttempt {
  at: number;
  kind: MutationKind | 'read';
  reason: string;
  /** The mutation's client token ('' for reads). */
  token: string;
}

export interface MutationOutcome {
  kind: MutationKind;
  token: string;
  /** 'ok': answered with data; 'rejected': a typed domain error; 'gave-up': never answered within the retry budget. */
  result: 'ok' | 'rejected' | 'gave-up';
  /** Whether an attempt failed before the final answer (the mutation may have landed then). */
  retried: boolean;
  code?: string;
}

export interface LoadReport {
  outcomes: MutationOutcome[];
  failures: FailedAttempt[];
  startedAt: number;
  endedAt: number;
}

interface GqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

type Attempt = { kind: 'answer'; body: GqlAnswer } | { kind: 'failure'; reason: string };

export interface LoadOptions {
  gatewayUrl: string;
  tokens: { rep: (team: number) => string; manager: (team: number) => string };
  teams: number;
  industries: string[];
  mutations: number;
  concurrency: number;
  seed: number;
  /** Retry budget of one mutation (transport failures, 5xx, untyped errors). */
  retryForMs?: number;
  onProgress?: (done: number) => void;
  /** Keep sending past `mutations` while this says so (the campaign's faults all happen under load). */
  keepGoing?: () => boolean;
}

interface CustomerState {
  id: string;
  stage: string;
  openActions: string[];
}

/** Runs the load to the end; never throws for a failed request (it is counted). */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const prng = new Prng(options.seed);
  const random = () => prng.next();
  const failures: FailedAttempt[] = [];
  const outcomes: MutationOutcome[] = [];
  const customers: CustomerState[][] = Array.from({ length: options.concurrency }, () => []);
  const pendingReviews: string[][] = Array.from({ length: options.teams }, () => []);
  const retryForMs = options.retryForMs ?? 60_000;
  const startedAt = Date.now();
  let issued = 0;

  async function send(token: string, query: string, variables: Record<string, unknown>): Promise<Attempt> {
    try {
      const res = await fetch(options.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status >= 500) return { kind: 'failure', reason: `HTTP ${res.status} ${text.slice(0, 100)}` };
      let body: GqlAnswer;
      try {
        body = JSON.parse(text) as GqlAnswer;
      } catch {
        return { kind: 'failure', reason: `HTTP ${res.status}: not JSON` };
      }
      const untyped = body.errors?.find((e) => !TYPED.has(e.extensions?.code ?? ''));
      if (untyped) return { kind: 'failure', reason: `${untyped.extensions?.code ?? 'NO_CODE'}: ${untyped.message.slice(0, 120)}` };
      return { kind: 'answer', body };
    } catch (error) {
      return { kind: 'failure', reason: (error as Error).cause ? String((error as Error).cause) : (error as Error).message };
    }
  }

  /** Sends until answered (or the budget is spent); a read is retried the same way but not counted as a mutation. */
  async function call(kind: MutationKind | 'read', token: string, query: string, variables: Record<string, unknown>, clientToken = '') {
    const deadline = Date.now() + retryForMs;
    let retried = false;
    let delay = 100;
    for (;;) {
      const attempt = await send(token, query, variables);
      if (attempt.kind === 'answer') return { body: attempt.body, retried };
      failures.push({ at: Date.now(), kind, reason: attempt.reason, token: clientToken });
      retried = true;
      if (Date.now() + delay > deadline) return { body: null, retried };
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2_000);
    }
  }

  async function mutate(
    kind: MutationKind,
    token: string,
    clientToken: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Record<string, unknown> | null> {
    const { body, retried } = await call(kind, token, query, variables, clientToken);
    if (!body) {
      outcomes.push({ kind, token: clientToken, result: 'gave-up', retried });
      return null;
    }
    if (body.errors?.length) {
      outcomes.push({ kind, token: clientToken, result: 'rejected', retried, code: body.errors[0]!.extensions?.code });
      return null;
    }
    outcomes.push({ kind, token: clientToken, result: 'ok', retried });
    return body.data ?? null;
  }

  function pick(): MutationKind {
    const total = Object.values(MUTATION_WEIGHTS).reduce((a, b) => a + b, 0);
    let r = random() * total;
    for (const [kind, weight] of Object.entries(MUTATION_WEIGHTS) as Array<[MutationKind, number]>) {
      r -= weight;
      if (r < 0) return kind;
    }
    return 'logInteraction';
  }

  async function step(user: number): Promise<void> {
    const team = user % options.teams;
    const rep = options.tokens.rep(user);
    const mine = customers[user]!;
    const clientToken = `chaos-${randomUUID()}`;
    let kind = pick();
    if (mine.length === 0) kind = 'createCustomer';
    const customer = mine[Math.floor(random() * mine.length)];
    if ((kind === 'completeNextAction' || kind === 'rescheduleNextAction') && !customer?.openActions.length) kind = 'logInteraction';
    if (kind === 'decideReview' && pendingReviews[team]!.length === 0) kind = 'submitForReview';
    const now = Date.now();

    switch (kind) {
      case 'createCustomer': {
        const data = await mutate(kind, rep, clientToken, CREATE, {
          input: {
            name: `故障演练客户 ${clientToken}`,
            kind: random() < 0.8 ? 'ENTERPRISE' : 'INDIVIDUAL',
            industryCode: options.industries[Math.floor(random() * options.industries.length)],
            sourceChannel: CHANNELS[Math.floor(random() * CHANNELS.length)],
            firstContactDate: new Date(now - 86_400_000).toISOString().slice(0, 10),
            contacts: [{ name: '王经理', role: 'DECISION_MAKER' }],
          },
        });
        const created = data?.createCustomer as { id: string } | undefined;
        if (created) mine.push({ id: created.id, stage: 'LEAD_NURTURING', openActions: [] });
        return;
      }
      case 'logInteraction': {
        const data = await mutate(kind, rep, clientToken, LOG, {
          input: {
            customerId: customer!.id,
            occurredAt: new Date(now - 2 * 3600_000).toISOString(),
            method: METHODS[Math.floor(random() * METHODS.length)],
            summary: `电话沟通交付周期与报价 ${clientToken}`,
            needs: random() < 0.5 ? [{ kind: 'EXPLICIT', description: '交货周期缩短至7天' }] : [],
            // Due from an hour ago to three hours ahead: some reminders fire during the campaign.
            nextAction: { content: '发送产品参数表和报价单至客户邮箱', dueAt: new Date(now + Math.floor((random() * 4 - 1) * 3600_000)).toISOString() },
          },
        });
        const logged = data?.logInteraction as { nextAction: { id: string } } | undefined;
        if (logged) customer!.openActions.push(logged.nextAction.id);
        return;
      }
      case 'changeStage': {
        const read = await call('read', rep, READ_VERSION, { id: customer!.id });
        const current = (read.body?.data?.customer as { version: number; stage: string } | null | undefined) ?? null;
        if (!current) {
          outcomes.push({ kind, token: clientToken, result: read.body ? 'rejected' : 'gave-up', retried: read.retried, code: 'READ' });
          return;
        }
        const choices = STAGES.filter((s) => s !== current.stage);
        const to = choices[Math.floor(random() * choices.length)]!;
        const data = await mutate(kind, rep, clientToken, CHANGE_STAGE, {
          id: customer!.id,
          to,
          reason: `阶段调整 ${clientToken}`,
          expectedVersion: current.version,
        });
        if (data) customer!.stage = to;
        return;
      }
      case 'completeNextAction': {
        const actionId = customer!.openActions.shift()!;
        await mutate(kind, rep, clientToken, COMPLETE, { id: actionId, note: `已完成 ${clientToken}` });
        return;
      }
      case 'rescheduleNextAction': {
        const actionId = customer!.openActions[0]!;
        await mutate(kind, rep, clientToken, RESCHEDULE, {
          id: actionId,
          dueAt: new Date(now + Math.floor((0.5 + random() * 4) * 3600_000)).toISOString(),
          reason: `客户改期 ${clientToken}`,
        });
        return;
      }
      case 'submitForReview': {
        const data = await mutate(kind, rep, clientToken, SUBMIT, { ids: [customer!.id], note: clientToken });
        const reviews = (data?.submitForReview as Array<{ id: string }> | undefined) ?? [];
        for (const r of reviews) if (!pendingReviews[team]!.includes(r.id)) pendingReviews[team]!.push(r.id);
        return;
      }
      case 'decideReview': {
        const reviewId = pendingReviews[team]!.shift()!;
        await mutate(kind, options.tokens.manager(team), clientToken, DECIDE, {
          id: reviewId,
          decision: random() < 0.7 ? 'APPROVE' : 'REQUEST_CHANGES',
          comments: `请补充客户预算信息 ${clientToken}`,
        });
        return;
      }
    }
  }

  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, user) => {
      while (issued < options.mutations || options.keepGoing?.()) {
        issued += 1;
        await step(user);
        options.onProgress?.(outcomes.length);
      }
    }),
  );
  return { outcomes, failures, startedAt, endedAt: Date.now() };
}

const CREATE = /* GraphQL */ `mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
const LOG = /* GraphQL */ `mutation Log($input: LogInteractionInput!) { logInteraction(input: $input) { id nextAction { id } } }`;
const READ_VERSION = /* GraphQL */ `query Version($id: ID!) { customer(id: $id) { version stage } }`;
const CHANGE_STAGE = /* GraphQL */ `mutation Stage($id: ID!, $to: SalesStage!, $reason: String, $expectedVersion: Int!) {
  changeStage(customerId: $id, to: $to, reason: $reason, expectedVersion: $expectedVersion) { id version } }`;
const COMPLETE = /* GraphQL */ `mutation Complete($id: ID!, $note: String) { completeNextAction(id: $id, note: $note) { id status } }`;
const RESCHEDULE = /* GraphQL */ `mutation Reschedule($id: ID!, $dueAt: DateTime!, $reason: String!) {
  rescheduleNextAction(id: $id, dueAt: $dueAt, reason: $reason) { id dueAt } }`;
const SUBMIT = /* GraphQL */ `mutation Submit($ids: [ID!]!, $note: String) { submitForReview(customerIds: $ids, note: $note) { id status } }`;
const DECIDE = /* GraphQL */ `mutation Decide($id: ID!, $decision: ReviewDecision!, $comments: String!) {
  decideReview(id: $id, decision: $decision, comments: $comments) { id status } }`;
