import { isEmail } from 'class-validator';
import { BadInputError } from '@salestrail/platform';

/**
 * Phone numbers the form accepts: Chinese mobile (1[3-9] + 9 digits, optional +86/0086 prefix),
 * Chinese landline (0 + 2–3 digit area code, 7–8 digit number, optional extension), and
 * international numbers (+ and 7–15 digits). Spaces, dashes and brackets around the area code may
 * separate digit groups.
 */
const CN_MOBILE = /^(?:\+86|0086)?1[3-9]\d{9}$/;
const CN_LANDLINE = /^0\d{2,3}\d{7,8}(?:(?:ext|x|#|转)\d{1,6})?$/i;
const INTERNATIONAL = /^\+\d{7,15}$/;

export function isValidPhone(raw: string): boolean {
  const trimmed = raw.trim();
  if (!/^[+\d\s\-()（）]+(?:(?:ext|x|#|转)\s*\d{1,6})?$/i.test(trimmed)) return false;
  const compact = trimmed.replace(/[\s\-()（）]/g, '');
  return CN_MOBILE.test(compact) || CN_LANDLINE.test(compact) || INTERNATIONAL.test(compact);
}

/** Validates a contact's phone and email; `path` is the input path of the contact (e.g. `contacts.1`). */
export function validateContactDetails(
  contact: { phone?: string | null; email?: string | null },
  path: string,
): { phone: string | null; email: string | null } {
  const phone = contact.phone?.trim() || null;
  const email = contact.email?.trim() || null;
  if (phone !== null && !isValidPhone(phone)) {
    throw new BadInputError(`${path}phone`, 'INVALID_PHONE', `"${phone}" is not a phone number`);
  }
  if (email !== null && (email.length > 254 || !isEmail(email))) {
    throw new BadInputError(`${path}email`, 'INVALID_EMAIL', `"${email}" is not an email address`);
  }
  return { phone, email };
}
