/**
 * Folds a customer name for duplicate detection: full-width → half-width (NFKC), case, whitespace,
 * brackets (（）【】[] → ()), and the common company-form suffixes, so that "ABC 有限公司",
 * "ＡＢＣ有限责任公司" and "abc" all fold to "abc".
 */
const SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团公司',
  '公司',
  'co.,ltd.',
  'co.,ltd',
  'co.ltd.',
  'co.ltd',
  'company limited',
  'limited',
  'ltd.',
  'ltd',
  'inc.',
  'inc',
  'llc',
  'corp.',
  'corp',
  'corporation',
  'gmbh',
];

export function normalizeCustomerName(name: string): string {
  let folded = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[【[]/g, '(')
    .replace(/[】\]]/g, ')')
    .replace(/\s+/g, '')
    .replace(/[,，.。]+$/g, '');
  // Strip one or more trailing company-form suffixes ("xx有限公司" and "xx" are the same customer).
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SUFFIXES) {
      const s = suffix.replace(/\s+/g, '');
      if (folded.length > s.length && folded.endsWith(s)) {
        folded = folded.slice(0, -s.length).replace(/[,，.]+$/g, '');
        changed = true;
      }
    }
  }
  return folded;
}
