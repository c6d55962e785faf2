/**
 * Speculative wording in a communication summary. The form asks for objective summaries, "no
 * speculation": what the customer said, what was presented, what was agreed. Inferences belong in the
 * needs, as INFERRED needs (潜在需求). A summary using these words is not refused: workflow's
 * completeness check reports it to the reviewer (SPECULATIVE_SUMMARY), and `Interaction.speculativeTerms`
 * shows the words found.
 *
 * The one list, both languages. Each entry is the term reported and the pattern that finds it: Chinese
 * terms as substrings (with the few common words that contain them but state a fact left out), English
 * ones as whole words, case-insensitive. Meant to grow with real cases.
 */
export const SPECULATIVE_WORDING: Readonly<Record<'zh-CN' | 'en', ReadonlyArray<readonly [term: string, pattern: RegExp]>>> = {
  'zh-CN': [
    // 不可能 (impossible) and 可能性 (the possibility of) state something; 可能 alone hedges.
    ['可能', /(?<!不)可能(?!性)/],
    ['估计', /估计/],
    ['大概', /大概/],
    ['应该会', /应该会/],
    ['也许', /也许/],
    ['或许', /或许/],
    ['猜', /猜/],
    ['似乎', /似乎/],
    ['好像', /好像/],
    ['貌似', /貌似/],
    ['说不定', /说不定/],
    ['八成', /八成/],
    ['恐怕', /恐怕/],
    ['想必', /想必/],
    ['多半', /多半/],
    ['推测', /推测/],
    ['我觉得', /我觉得/],
    ['我认为', /我认为/],
    ['我感觉', /我感觉/],
  ],
  en: [
    ['probably', /\bprobabl[ey]\b/i],
    ['maybe', /\bmaybe\b/i],
    ['might', /\bmight\b/i],
    ['may be', /\bmay be\b/i],
    ['perhaps', /\bperhaps\b/i],
    ['possibly', /\bpossibl[ey]\b/i],
    ['likely', /\b(?:un)?likely\b/i],
    ['presumably', /\bpresumably\b/i],
    ['seems', /\bseem(?:s|ed|ingly)?\b/i],
    ['I think', /\bI think\b/i],
    ['I believe', /\bI believe\b/i],
    ['I feel', /\bI feel\b/i],
    ['I suppose', /\bI suppose\b/i],
    ['I assume', /\bI assume\b/i],
    ['guess', /\bguess(?:es|ed|ing)?\b/i],
  ],
};

const ALL = [...SPECULATIVE_WORDING['zh-CN'], ...SPECULATIVE_WORDING.en];

/** The speculative terms a summary uses, each once, in the order of the lists. */
export function speculativeTerms(summary: string): string[] {
  const found = new Set<string>();
  for (const [term, pattern] of ALL) {
    if (pattern.test(summary)) found.add(term);
  }
  return [...found];
}
