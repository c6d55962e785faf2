/**
 * Reports group and filter by GB/T 4754-2017 division (大类, `C36`). Records keeps a customer's industry
 * at division, group or class level (`C36`, `C361`, `C3612`: section letter + the standard's digits);
 * the read model keeps its division, so a customer recorded at class level counts in its division's
 * group, as every customer did before groups and classes could be recorded.
 */
export function divisionOf(industryCode: string): string {
  return /^[A-T]\d{2}(?=\d{1,2}$)/.exec(industryCode)?.[0] ?? industryCode;
}
