/** Passwords seen in every breach corpus: refused whatever their length. */
const COMMON = new Set([
  '123456789012',
  'password1234',
  'password12345',
  'qwertyuiopas',
  '111111111111',
  '000000000000',
  'iloveyou1234',
  'passwordpassword',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'letmein12345',
  'welcome12345',
  'administrator',
  'changeme1234',
  'abc123456789',
  'trustno1trustno1',
  'football1234',
  'baseball1234',
  'superman1234',
  'monkey123456',
  'dragon123456',
  'sunshine1234',
  'princess1234',
  'qwertyqwerty',
  'asdfghjklasdf',
  'zxcvbnm12345',
  'correcthorsebatterystaple',
  'passw0rd1234',
  'p@ssw0rd1234',
  '1234567890ab',
  'abcdefghijkl',
  'aaaaaaaaaaaa',
  'shakedown123',
  'shakedown1234',
]);

export const MIN_PASSWORD_LENGTH = 12;

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, email: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'password is one of the most common passwords in breaches';
  if (/^(.)\1+$/.test(password)) return 'password must not be one character repeated';
  if (/^(0123456789|1234567890|abcdefghij|qwertyuiop)/i.test(password) && new Set(lower).size < 8) {
    return 'password must not be a keyboard or number sequence';
  }
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local))
    return 'password must not contain your email address';
  if (new Set(lower).size < 5) return 'password must use at least 5 different characters';
  return undefined;
}
