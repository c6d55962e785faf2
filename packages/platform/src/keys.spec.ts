import { generateKeyPairSync } from 'node:crypto';
import { parseIdentityPrivateKey, parseIdentityPublicKey, publicKeyFingerprint } from './keys';

describe('gateway identity keys', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const privateBase64 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const publicBase64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const fingerprint = publicKeyFingerprint(publicKey);

  it('reads PEM, PEM written on one line with \\n, quoted values and one-line base64 DER alike', () => {
    for (const text of [privatePem, privatePem.replace(/\n/g, '\\n'), `"${privatePem.replace(/\n/g, '\\n')}"`, privateBase64, ` ${privateBase64}\n`]) {
      expect(publicKeyFingerprint(parseIdentityPrivateKey(text))).toBe(fingerprint);
    }
    for (const text of [publicPem, publicPem.replace(/\n/g, '\\n'), `'${publicBase64}'`, publicBase64]) {
      expect(publicKeyFingerprint(parseIdentityPublicKey(text))).toBe(fingerprint);
    }
  });

  it('refuses what is not an Ed25519 key of the right half', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const bad: Array<[string, () => unknown]> = [
      ['garbage', () => parseIdentityPrivateKey('not a key at all!')],
      ['an HMAC secret', () => parseIdentityPrivateKey('dev-only-salestrail-internal-signing-key-0123456789')],
      ['a public key as the private one', () => parseIdentityPrivateKey(publicBase64)],
      ['a private key as the public one (PEM)', () => parseIdentityPublicKey(privatePem)],
      ['a private key as the public one (base64)', () => parseIdentityPublicKey(privateBase64)],
      ['an RSA key', () => parseIdentityPrivateKey(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())],
      ['a P-256 public key', () => parseIdentityPublicKey(ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'))],
    ];
    for (const [what, parse] of bad) {
      let thrown = false;
      try {
        parse();
      } catch {
        thrown = true;
      }
      expect([what, thrown]).toEqual([what, true]);
    }
  });
});
