// Password rules (pure). Length matters most (NIST SP 800-63B); character classes only guard very short
// passphrases. Each failure says what to change.

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
  problems: string[];
}

export function checkPassword(password: string, username: string): PasswordCheck {
  const problems: string[] = [];
  if (password.length < 12) problems.push('must be at least 12 characters long');
  if (password.length > 256) problems.push('must be at most 256 characters long');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 16 && classes < 3) {
    problems.push('needs three of: lower case, upper case, digits, symbols (or at least 16 characters)');
  }
  if (/^(.)\1*$/.test(password)) problems.push('must not repeat a single character');
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) problems.push('must not contain the username');
  if (COMMON.has(lower.replace(/[^a-z0-9]/g, '')) || COMMON.has(lower)) problems.push('is too common');
  return { ok: problems.length === 0, problems };
}
