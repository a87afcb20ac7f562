// Password rules (pure). Length matters most (NIST SP 800-63B); character classes only guard very short
// passphrases. Each failure says what to change.
import { t, type MessageKey } from '../i18n/translate.ts';

const COMMON = new Set([
  'password',
  'password123',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  '123456789012',
  'iloveyou',
  'admin',
  'administrator',
  'sidaksos',
  'semarang',
  'bismillah',
  'indonesia',
  'rahasia',
  'katasandi',
]);

export interface PasswordCheck {
  ok: boolean;
  /** What to change, in English ("must be at least 12 characters long"). */
  problems: string[];
  /** The same as catalogue entries, for answers in the caller's language. */
  keys: PasswordProblemKey[];
}

export type PasswordProblemKey = Extract<MessageKey, `password.${string}`>;

export function checkPassword(password: string, username: string): PasswordCheck {
  const keys: PasswordProblemKey[] = [];
  if (password.length < 12) keys.push('password.tooShort');
  if (password.length > 256) keys.push('password.tooLong');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 16 && classes < 3) keys.push('password.classes');
  if (/^(.)\1*$/.test(password)) keys.push('password.oneCharacter');
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) keys.push('password.containsUsername');
  if (COMMON.has(lower.replace(/[^a-z0-9]/g, '')) || COMMON.has(lower)) keys.push('password.common');
  return { ok: keys.length === 0, problems: keys.map((k) => t('en', k)), keys };
}
