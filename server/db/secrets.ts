// Generated database passwords, each in a file only its owner can read (0600, in a 0700 folder). As root, the
// files belong to the `postgres` user, which initdb (run as that user) must read; root reads them anyway.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FileOwner {
  uid: number;
  gid: number;
}

/** Hex: safe in a URL, in a pwfile and in an SQL literal without quoting rules. */
export function generateSecret(): string {
  return randomBytes(24).toString('hex');
}

export function secretsDir(home: string): string {
  return path.join(home, 'secrets');
}

export function secretFile(home: string, role: string): string {
  return path.join(secretsDir(home), `${role}.password`);
}

function ensureDir(dir: string, owner?: FileOwner): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (owner) chownSync(dir, owner.uid, owner.gid);
}

/** The stored password of `role`, if its file exists (mode tightened to 0600 if it was ever loosened). */
export function readSecret(home: string, role: string): string | undefined {
  const file = secretFile(home, role);
  if (!existsSync(file)) return undefined;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const value = readFileSync(file, 'utf8').trim();
  return value || undefined;
}

/** The stored password of `role`, generating and storing one first if there is none. */
export function ensureSecret(home: string, role: string, owner?: FileOwner): string {
  const existing = readSecret(home, role);
  if (existing) return existing;
  ensureDir(secretsDir(home), owner);
  const value = generateSecret();
  const file = secretFile(home, role);
  // 'wx' with mode 0600: the file is never readable by others, not even for a moment.
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  if (owner) chownSync(file, owner.uid, owner.gid);
  return value;
}
