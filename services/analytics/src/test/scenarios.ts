import { History, sh } from './history';

/**
 * The hand-computed funnel history of funnel.int.spec.ts (team time zone Asia/Shanghai, the default):
 * skips, a backwards move, a terminated lead reopened, terminations from LEAD_NURTURING, NEEDS_CONFIRMED
 * and AFTER_SALES, and transitions on both sides of the March period's edges in local time.
 */
export function funnelScenario(team: string): History {
  const h = new History(team);
  // A: created 1 March 00:30 local (still 29 Feb in UTC); moves back from PROPOSAL_PRESENTED, then skips one.
  h.customer('a', 'rep-1')
    .created(sh('2024-03-01T00:30:00'))
    .stage('NEEDS_CONFIRMED', sh('2024-03-05T10:00:00'))
    .stage('PROPOSAL_PRESENTED', sh('2024-03-10T10:00:00'))
    .stage('NEEDS_CONFIRMED', sh('2024-03-12T10:00:00'))
    .stage('NEGOTIATION', sh('2024-03-20T10:00:00'));
  // B: created in February; terminated from NEEDS_CONFIRMED, reopened, signs on 1 April 00:00 local.
  h.customer('b', 'rep-1')
    .created(sh('2024-02-28T10:00:00'))
    .stage('NEEDS_CONFIRMED', sh('2024-03-02T10:00:00'))
    .stage('LEAD_TERMINATED', sh('2024-03-03T10:00:00'), 'budget frozen')
    .stage('NEEDS_CONFIRMED', sh('2024-03-15T10:00:00'))
    .stage('DEAL_SIGNING', sh('2024-04-01T00:00:00'));
  // C: created 31 March 23:59 local, terminated from LEAD_NURTURING in April.
  h.customer('c', 'rep-1')
    .created(sh('2024-03-31T23:59:00'))
    .stage('LEAD_TERMINATED', sh('2024-04-02T09:00:00'), 'no budget');
  // D (another rep): skips to DEAL_SIGNING, goes to AFTER_SALES, then terminated from AFTER_SALES.
  h.customer('d', 'rep-2', { industryCode: 'I65', sourceChannel: 'REFERRAL' })
    .created(sh('2024-03-10T10:00:00'))
    .stage('DEAL_SIGNING', sh('2024-03-11T10:00:00'))
    .stage('AFTER_SALES', sh('2024-03-12T10:00:00'))
    .stage('LEAD_TERMINATED', sh('2024-03-13T10:00:00'), 'company closed');
  return h;
}

/** The hand-computed follow-up history of follow-up.int.spec.ts (Asia/Shanghai). */
export function followUpScenario(team: string, ids: (name: string) => string): History {
  const h = new History(team);
  h.customer('e', 'rep-1')
    .created(sh('2024-02-20T10:00:00'))
    // In March: two logged within 24 h (one at the very start of 1 March local), one 48 h late.
    .interaction(sh('2024-03-01T00:10:00'), sh('2024-03-01T09:00:00'))
    .interaction(sh('2024-03-05T10:00:00'), sh('2024-03-07T10:00:00'))
    .interaction(sh('2024-03-31T23:30:00'), sh('2024-04-01T01:00:00'))
    // 1 April 00:30 local is still 31 March in UTC: outside the March period.
    .interaction(sh('2024-04-01T00:30:00'), sh('2024-04-01T08:00:00'))
    // a1 on time (56 h), a2 late (96 h), a3 cancelled, a4 open and overdue, a5 due just after March,
    // a6 rescheduled out of March and completed.
    .nextAction(ids('a1'), sh('2024-03-01T09:00:00'), sh('2024-03-03T18:00:00'))
    .completed(ids('a1'), sh('2024-03-03T17:00:00'))
    .nextAction(ids('a2'), sh('2024-03-05T10:00:00'), sh('2024-03-08T18:00:00'))
    .completed(ids('a2'), sh('2024-03-09T10:00:00'))
    .nextAction(ids('a3'), sh('2024-03-07T10:00:00'), sh('2024-03-10T18:00:00'))
    .cancelled(ids('a3'), sh('2024-03-08T10:00:00'))
    .nextAction(ids('a4'), sh('2024-03-20T10:00:00'), sh('2024-03-31T23:00:00'))
    .nextAction(ids('a5'), sh('2024-03-25T10:00:00'), sh('2024-04-01T00:00:00'))
    .nextAction(ids('a6'), sh('2024-03-01T10:00:00'), sh('2024-03-10T18:00:00'))
    .rescheduled(ids('a6'), sh('2024-03-10T18:00:00'), sh('2024-04-05T18:00:00'))
    .completed(ids('a6'), sh('2024-04-04T10:00:00'));
  return h;
}
