import { isValidPhone, validateContactDetails } from './contact-validation';

describe('phone numbers', () => {
  it.each([
    '13812345678',
    '+86 138 1234 5678',
    '0086-138-1234-5678',
    '010-12345678',
    '0755-1234567',
    '(010) 8888 6666',
    '+1 415 555 2671',
    '+44 20 7946 0958',
    '+8613812345678',
  ])('accepts %p', (phone) => expect(isValidPhone(phone)).toBe(true));

  it.each(['12345', '12812345678', '138123456789', 'abc', '+12', '555-1234', '+1234567890123456', '13812345678a'])(
    'rejects %p',
    (phone) => expect(isValidPhone(phone)).toBe(false),
  );

  it('reports the field and reason', () => {
    expect(() => validateContactDetails({ phone: '12345' }, 'contacts.0.')).toThrow(
      expect.objectContaining({ details: { field: 'contacts.0.phone', reason: 'INVALID_PHONE' } }),
    );
    expect(() => validateContactDetails({ email: 'not-an-email' }, '')).toThrow(
      expect.objectContaining({ details: { field: 'email', reason: 'INVALID_EMAIL' } }),
    );
    expect(validateContactDetails({ phone: ' 13812345678 ', email: 'wang@abc.com' }, '')).toEqual({
      phone: '13812345678',
      email: 'wang@abc.com',
    });
  });
});
