// argon2id password hashing (OWASP parameters: 19 MiB, 2 iterations, 1 lane) and random secrets.
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';

// algorithm 2 = Argon2id (the package's Algorithm enum is a const enum, not importable under isolated modules).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  try {
    return await verify(encoded, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

/** A URL-safe random token (session ids, CSRF tokens, demo passwords). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Only this digest of a session token is stored, so a database leak does not leak live sessions. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A readable random password that passes the password rules (demo users, resets). */
export function generatePassword(): string {
  const words = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${words.slice(0, 6)}-${words.slice(6, 12)}-${words.slice(12)}7A`;
}
