import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { graphql } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { createLogger } from '@salestrail/platform';
import type { AnalyticsContext, AnalyticsServices } from '../context';
import { buildAnalyticsSchema } from '../schema';
import { actorOf, analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { History } from '../test/history';
import { CustomerFiguresService } from './customer-figures.service';

describe('Customer figures (real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
  });
  afterAll(() => ds.destroy());

  it('answers days in stage, interactions and next actions for a batch of customers', async () => {
    const team = uniqueTeam();
    const h = new History(team);
    const [open, overdue, done] = [randomUUID(), randomUUID(), randomUUID()];
    h.customer('g', 'rep-1')
      .created('2024-03-01T00:00:00.000Z')
      .stage('NEEDS_CONFIRMED', '2024-03-10T00:00:00.000Z')
      .interaction('2024-03-05T00:00:00.000Z', '2024-03-05T01:00:00.000Z')
      .interaction('2024-03-09T00:00:00.000Z', '2024-03-09T01:00:00.000Z')
      .nextAction(open, '2024-03-09T01:00:00.000Z', '2024-03-20T00:00:00.000Z')
      .nextAction(overdue, '2024-03-09T01:00:00.000Z', '2024-03-12T00:00:00.000Z')
      .nextAction(done, '2024-03-09T01:00:00.000Z', '2024-03-12T00:00:00.000Z')
      .completed(done, '2024-03-11T00:00:00.000Z');
    await h.apply(ds);
    const id = h.customer('g').id;
    const now = new Date('2024-03-15T12:00:00.000Z');
    const [figures, unknown] = await new CustomerFiguresService(ds).figures([id, `${team}-nobody`], now);
    expect(figures).toEqual({
      id,
      daysInCurrentStage: 5.5,
      interactionCount: 2,
      lastInteractionAt: new Date('2024-03-09T00:00:00.000Z'),
      openNextActions: 2,
      overdueNextActions: 1,
    });
    expect(unknown).toEqual({
      id: `${team}-nobody`,
      daysInCurrentStage: null,
      interactionCount: 0,
      lastInteractionAt: null,
      openNextActions: 0,
      overdueNextActions: 0,
    });
  });

  it('ends in the right current stage when a stage change arrives before the creation', async () => {
    const team = uniqueTeam();
    const h = new History(team);
    h.customer('h', 'rep-1').created('2024-03-01T00:00:00.000Z').stage('PROPOSAL_PRESENTED', '2024-03-02T00:00:00.000Z');
    await h.apply(ds, [...h.events].reverse());
    const [row]: Array<{ stage: string; name: string; industry_code: string }> = await ds.query(
      `SELECT stage, name, industry_code FROM customer_state WHERE customer_id = $1`,
      [h.customer('h').id],
    );
    expect(row).toEqual({ stage: 'PROPOSAL_PRESENTED', name: h.customer('h').id, industry_code: 'C34' });
  });

  it('gives after-sales no figures on a customer: each is null with FORBIDDEN, nothing else is refused', async () => {
    const team = uniqueTeam();
    const h = new History(team);
    h.customer('s', 'rep-1').created('2024-03-01T00:00:00.000Z').stage('AFTER_SALES', '2024-03-10T00:00:00.000Z').interaction('2024-03-05T00:00:00.000Z', '2024-03-05T01:00:00.000Z');
    await h.apply(ds);
    const id = h.customer('s').id;
    const schema = await buildAnalyticsSchema();
    const service = new CustomerFiguresService(ds);
    const ask = (actor: Actor) => {
      const contextValue: Pick<AnalyticsContext, 'actor' | 'requestId' | 'logger' | 'loaders'> & { services: Partial<AnalyticsServices> } = {
        actor,
        requestId: 'test',
        logger: createLogger('test', 'silent'),
        services: { customerFigures: service },
        loaders: { customerFigures: new DataLoader((ids: readonly string[]) => service.figures(ids)) },
      };
      return graphql({
        schema,
        source: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id interactionCount openNextActions overdueNextActions daysInCurrentStage lastInteractionAt } } }`,
        variableValues: { r: [{ __typename: 'Customer', id }] },
        contextValue,
      });
    };
    const rep = await ask(actorOf('SALES_REP', 'rep-1', team));
    expect(rep.errors).toBeUndefined();
    expect(rep.data?._entities).toEqual([expect.objectContaining({ id, interactionCount: 1, lastInteractionAt: new Date('2024-03-05T00:00:00.000Z').toISOString() })]);
    const afterSales = await ask(actorOf('AFTER_SALES', 'as-1', team));
    expect(afterSales.data?._entities).toEqual([
      { id, interactionCount: null, openNextActions: null, overdueNextActions: null, daysInCurrentStage: null, lastInteractionAt: null },
    ]);
    expect(afterSales.errors?.map((e) => [e.path?.at(-1), e.message])).toEqual(
      ['interactionCount', 'openNextActions', 'overdueNextActions', 'daysInCurrentStage', 'lastInteractionAt'].map((f) => [
        f,
        'After-sales staff have no access to analytics',
      ]),
    );
  });
});
