import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * The gateway's identity key pair is Ed25519. A key is given as PEM (newlines real or written `\n`, so a
 * one-line .env value works) or as one line of base64: PKCS#8 DER for the private key, SPKI DER for the
 * public one (`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`; docs/ACCESS.md).
 */
function keyText(text: string): { pem: string } | { der: Buffer } {
  const trimmed = text.trim().replace(/^(['"])([\s\S]*)\1$/, '$2');
  if (trimmed.startsWith('-----BEGIN')) return { pem: trimmed.replace(/\\n/g, '\n') };
  if (!/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) throw new Error('neither PEM nor base64');
  return { der: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64') };
}

function ed25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}

/** The gateway's private key. Throws when the text is not an Ed25519 private key. */
export function parseIdentityPrivateKey(text: string): KeyObject {
  const given = keyText(text);
  return ed25519('pem' in given ? createPrivateKey(given.pem) : createPrivateKey({ key: given.der, format: 'der', type: 'pkcs8' }));
}

/** The gateway's public key (a PEM or base64 private key is refused: it must never sit on a subgraph). */
export function parseIdentityPublicKey(text: string): KeyObject {
  const given = keyText(text);
  if ('pem' in given && /PRIVATE KEY/.test(given.pem)) throw new Error('a private key');
  return ed25519('pem' in given ? createPublicKey(given.pem) : createPublicKey({ key: given.der, format: 'der', type: 'spki' }));
}

/** One spelling of a public key whatever form it was given in (base64 SPKI DER), to compare keys. */
export function publicKeyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** Whether `text` parses with `parse`; zod refinements use it to name the variable at fault. */
export function isKey(parse: (text: string) => KeyObject, text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}
