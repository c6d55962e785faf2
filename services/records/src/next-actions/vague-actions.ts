/**
 * Vague next actions (VAGUE_NEXT_ACTION). The form asks for a concrete action: "follow up with the
 * customer" must become "email the detailed product specification sheet to the customer".
 *
 * The rule: remove the vague phrases below and filler words, then punctuation; what is left must
 * still hold substance — at least 4 CJK characters, or at least 3 latin words of which one is a verb
 * from VERBS. The lists are short on purpose and meant to grow with real cases.
 */
export const VAGUE_PHRASES: readonly string[] = [
  // zh-CN
  '跟进客户',
  '持续跟进',
  '继续跟进',
  '跟进一下',
  '跟进',
  '联系一下',
  '联系客户',
  '再联系',
  '保持联系',
  '回访一下',
  '回访',
  '看情况',
  '待定',
  '再说',
  '沟通一下',
  '再沟通',
  '了解一下',
  '维护关系',
  '推进一下',
  // en
  'follow up',
  'follow-up',
  'followup',
  'touch base',
  'check in',
  'check-in',
  'keep in touch',
  'stay in touch',
  'reach out',
  'circle back',
  'get back to',
  'tbd',
  'to be determined',
  'see how it goes',
  'keep warm',
];

/** Words that carry no action on their own (removed before measuring substance). */
export const FILLER_WORDS: readonly string[] = [
  '客户', '一下', '情况', '事宜', '相关', '等等', '进一步',
  'the', 'a', 'an', 'to', 'with', 'and', 'or', 'of', 'on', 'about', 'for', 'in', 'at', 'them', 'him', 'her',
  'it', 'customer', 'client', 'again', 'later', 'soon', 'please', 'maybe',
];

/** Verb-like words a concrete latin action starts from. */
export const VERBS: readonly string[] = [
  'send', 'email', 'e-mail', 'mail', 'call', 'phone', 'visit', 'deliver', 'prepare', 'schedule', 'arrange',
  'present', 'demo', 'demonstrate', 'share', 'submit', 'draft', 'write', 'sign', 'quote', 'confirm', 'book',
  'meet', 'review', 'provide', 'install', 'ship', 'invite', 'update', 'negotiate', 'revise', 'compile',
  'organize', 'organise', 'host', 'collect', 'verify', 'check', 'test', 'train', 'configure', 'set', 'ask',
  'request', 'introduce', 'discuss', 'agree', 'finalize', 'finalise', 'deploy', 'run', 'give', 'bring',
];

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const phrasePattern = new RegExp(
  [...VAGUE_PHRASES].sort((a, b) => b.length - a.length).map(escape).join('|'),
  'gi',
);

export function isVagueNextAction(content: string): boolean {
  const text = content.normalize('NFKC').toLowerCase();
  let rest = text.replace(phrasePattern, ' ');
  for (const filler of FILLER_WORDS) {
    if (/[a-z]/.test(filler)) rest = rest.replace(new RegExp(`\\b${escape(filler)}\\b`, 'g'), ' ');
    else rest = rest.split(filler).join(' ');
  }
  rest = rest.replace(/[\p{P}\p{S}]/gu, ' ');
  const cjk = rest.match(CJK)?.length ?? 0;
  if (cjk >= 4) return false;
  const words = rest
    .replace(CJK, ' ')
    .split(/\s+/)
    .filter((w) => /^[a-z][a-z'-]*$/.test(w));
  return !(words.length >= 3 && words.some((w) => VERBS.includes(w)));
}
