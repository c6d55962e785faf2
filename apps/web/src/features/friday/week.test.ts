import { FINDING_SECTION, LOGGED_FIXES } from './week';

describe('fixing a finding', () => {
  it('sends every finding the server knows to a section of the customer page', () => {
    const codes = [
      'MISSING_BASICS',
      'INTERACTION_WITHOUT_NEXT_ACTION',
      'NO_OPEN_NEXT_ACTION',
      'NEEDS_WITHOUT_PAIN_POINTS',
      'PAIN_POINT_WITHOUT_NEED',
      'OVERDUE_ACTION',
      'STAGE_DISAGREES_WITH_RECORD',
      'STAGE_CHANGE_WITHOUT_INTERACTION',
      'SPECULATIVE_SUMMARY',
    ];
    for (const code of codes) expect(FINDING_SECTION[code]).toMatch(/^(basics|interactions|nextActions|painPoints|stage)$/);
    for (const code of LOGGED_FIXES) expect(codes).toContain(code);
  });
});
