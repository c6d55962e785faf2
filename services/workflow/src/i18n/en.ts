import type { Catalogue } from '@salestrail/platform';

/** Workflow's texts in English: the same keys as `zh-CN.ts`. */
export const workflow = {
  lines: '{{items, lines}}',
  reminder: {
    dueSoon: { title: 'Due soon: {{content}}' },
    overdue: { title: 'Overdue: {{content}}' },
    escalate: { title: 'Overdue for {{delay, duration}} ({{owner}}): {{content}}' },
    body: '{{customer}}: "{{content}}" is due {{dueAt, when}} (owner {{owner}})',
  },
  review: {
    requested: {
      title: 'Review requested: {{customer}}',
      body_one: '{{submitter}} submitted {{customer}} for review ({{count}} finding)',
      body_other: '{{submitter}} submitted {{customer}} for review ({{count}} findings)',
      bodyWithNote_one: '{{submitter}} submitted {{customer}} for review ({{count}} finding): {{note}}',
      bodyWithNote_other: '{{submitter}} submitted {{customer}} for review ({{count}} findings): {{note}}',
    },
    approved: { title: 'Review approved: {{customer}}', body: '{{reviewer}} approved the record' },
    changesRequested: { title: 'Review sent back: {{customer}}', body: '{{reviewer}} sent the record back for changes' },
    comments: '{{reviewer}}: {{comments}}',
    toArchive: {
      title: 'Approved, to archive: {{customer}}',
      body: '{{reviewer}} approved {{customer}}, submitted by {{submitter}}',
      bodyWithComments: '{{reviewer}} approved {{customer}}, submitted by {{submitter}}: {{comments}}',
    },
  },
  weekly: {
    reminder: {
      title: "Submit this week's records before {{workdayEnd}}",
      changed: 'Changed this week and not yet submitted for review: {{customers, list}}',
      sentBack: 'Sent back for changes and not yet resubmitted: {{customers, list}}',
    },
    summary: {
      title_one: 'Week of {{week, day}}: {{count}} salesperson has not submitted',
      title_other: 'Week of {{week, day}}: {{count}} salespeople have not submitted',
      notSubmitted: 'Not submitted: {{entries, list}}',
      entry: '{{person}} ({{customers, list}})',
      sentBack: 'Sent back, not yet resubmitted: {{entries, list}}',
      allSubmitted: 'Everyone has submitted this week.',
      late: 'Logged more than 24 h late: {{entries, list}}',
      lateEntry: '{{person}} – {{customer}} ({{at, when}})',
    },
  },
  handOver: {
    title: "{{from}}'s records are being handed over to you",
    body_one: "{{actor}} handed over {{from}}'s customers, open next actions and {{count}} pending review to you: {{reason}}",
    body_other: "{{actor}} handed over {{from}}'s customers, open next actions and {{count}} pending reviews to you: {{reason}}",
  },
  afterSales: {
    title: 'Hand-over to after-sales: {{customer}}',
    body: '{{customer}} reached {{stage}} on {{at, when}} (owner {{owner}}): {{what}}.',
    DEAL_SIGNING: 'the contract is about to be signed: the record is open to after-sales for the hand-over',
    AFTER_SALES: 'cooperation is done: after-sales now keeps the relationship and logs its interactions and next actions',
  },
  duplicate: {
    title: 'Possible duplicate: {{customer}}',
    ours: '{{customer}}, just recorded in your team (owner {{owner}}), has the same name as a customer of team {{teams, list}}: agree with its manager who follows it up.',
    theirs: 'Team {{team}} has just recorded {{customer}}, the same name as this customer of your team: agree with its manager who follows it up.',
  },
  email: {
    greeting: 'Hello {{name}},',
    footer: '— SalesTrail',
  },
  quoted: '"{{text}}"',
  finding: {
    missing: {
      name: 'Customer name is missing',
      industryCode: 'Industry is missing',
      sourceChannel: 'Source channel is missing',
      firstContactDate: 'First-contact date is missing',
      contacts: 'No contact person is recorded',
    },
    interactionWithoutNextAction: 'The interaction of {{occurredAt, when}} has no next action',
    noOpenNextAction: 'No next action is planned for this customer',
    overdueAction: 'Next action "{{content}}" was due {{dueAt, when}}',
    needsWithoutPainPoints: 'Needs are recorded but no pain point is analysed',
    painPointWithoutNeed: 'A pain point corresponds to no recorded need',
    stageWithoutNeed: 'Stage {{stage}} but no need is recorded',
    stageWithoutInteraction: 'Stage {{stage}} but no interaction is recorded since the needs were confirmed',
    speculativeSummary:
      'The summary of the interaction of {{occurredAt, when}} speculates ({{terms, list}}): keep it to what was said, presented and agreed, and record what you infer as inferred needs',
    stageChangeWithoutInteraction: 'The change {{from}} → {{to}} at {{at, when}} has no interaction behind it',
  },
} satisfies Catalogue;
