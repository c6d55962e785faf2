import { highlightsOf, sectionOf } from './changes';

describe('what a reviewer sees highlighted', () => {
  it('puts each change in the form section it belongs to', () => {
    expect(sectionOf({ kind: 'BASICS_UPDATED', field: 'name' })).toBe('basics');
    expect(sectionOf({ kind: 'BASICS_UPDATED', field: 'remarks' })).toBe('remarks');
    expect(sectionOf({ kind: 'NEED_UPDATED' })).toBe('needs');
    expect(sectionOf({ kind: 'PAIN_POINT_RECORDED' })).toBe('painPoints');
    expect(sectionOf({ kind: 'STAGE_CHANGED' })).toBe('stage');
    expect(sectionOf({ kind: 'NEXT_ACTION_RESCHEDULED' })).toBe('nextActions');
    expect(sectionOf({ kind: 'INTERACTION_LOGGED' })).toBe('interactions');
  });

  it('marks items added since the approval as new even when changed again, others as changed', () => {
    const h = highlightsOf([
      { kind: 'NEED_RECORDED', refId: 'n1' },
      { kind: 'NEED_UPDATED', refId: 'n1' },
      { kind: 'NEED_UPDATED', refId: 'n2' },
      { kind: 'BASICS_UPDATED', field: 'name' },
    ]);
    expect(h.items.get('n1')).toBe('added');
    expect(h.items.get('n2')).toBe('changed');
    expect([...h.fields]).toEqual(['name']);
    expect([...h.sections].sort()).toEqual(['basics', 'needs']);
  });
});
