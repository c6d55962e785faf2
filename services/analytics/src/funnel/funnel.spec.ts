import { assembleFunnel } from './funnel.service';

describe('assembling funnel groups', () => {
  it('lists every stage in order for each group, with rates and the win rate per group', () => {
    const groups = assembleFunnel(
      [
        { stage: 'LEAD_NURTURING', owner_id: 'b', entered: 4, advanced: 3, terminated: 1, lost: 0 },
        { stage: 'DEAL_SIGNING', owner_id: 'b', entered: 1, advanced: 0, terminated: 0, lost: 0 },
        { stage: 'LEAD_TERMINATED', owner_id: 'b', entered: 2, advanced: 0, terminated: 0, lost: 1 },
        { stage: 'LEAD_NURTURING', owner_id: 'a', entered: 1, advanced: 0, terminated: 0, lost: 0 },
      ],
      [{ stage: 'NEEDS_CONFIRMED', owner_id: 'a', median: 2.5 }],
      false,
    );
    expect(groups.map((g) => g.key.ownerId)).toEqual(['a', 'b']);
    const [a, b] = groups;
    expect(a!.stages).toHaveLength(7);
    expect(a!.stages[0]).toEqual({ stage: 'LEAD_NURTURING', entered: 1, advanced: 0, terminated: 0, conversionRate: 0, medianDaysInStage: null });
    expect(a!.stages[1]).toMatchObject({ stage: 'NEEDS_CONFIRMED', entered: 0, conversionRate: null, medianDaysInStage: 2.5 });
    expect(a!.winRate).toBeNull();
    expect(b!.stages[0]!.conversionRate).toBe(0.75);
    // W = 1 signing, L = 1 terminated that never signed (the other terminated one had signed).
    expect(b!.winRate).toBe(0.5);
  });

  it('always answers one group when not grouping, even without data', () => {
    const [only, ...rest] = assembleFunnel([], [], true);
    expect(rest).toHaveLength(0);
    expect(only!.key).toEqual({ ownerId: null, teamId: null, industryCode: null, sourceChannel: null });
    expect(only!.stages.every((s) => s.entered === 0 && s.conversionRate === null)).toBe(true);
  });
});
