import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A private signing key as a JWK, with its `kid` and algorithm. */
export type SigningJwk = JsonWebKey & { kid: string; alg: 'ES256'; use: 'sig' };

/** The RFC 7638 thumbprint of an EC public key: a `kid` that changes only with the key. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

function generate(): SigningJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg: 'ES256', use: 'sig' };
}

function isSigningJwk(value: unknown): value is SigningJwk {
  const jwk = value as Partial<SigningJwk> | null;
  return (
    !!jwk &&
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.d === 'string' &&
    typeof jwk.kid === 'string'
  );
}

/**
 * The ES256 key the provider signs ID and access tokens with. Kept in `file` when one is named (so
 * tokens stay valid across restarts of the provider), else new at each start. A new key has a new `kid`:
 * the gateway fetches the JWKS again when it meets it.
 */
export function signingKey(file?: string): SigningJwk {
  if (file && existsSync(file)) {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isSigningJwk(stored)) return stored;
  }
  const key = generate();
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  }
  return key;
}
