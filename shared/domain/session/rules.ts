/**
 * The login rules both sides run (docs/security.md, decision 0020): what a password and an
 * offline PIN must look like, how long an offline login stays possible, when repeated wrong
 * secrets lock, and when central deactivates a user who has not logged in.
 */

/** `001_…txt`: "minst 7 tecken, blanda bokstäver och siffror". */
export const PASSWORD_MIN_LENGTH = 7;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a new password is not acceptable, in Swedish; null when it is. */
export function passwordProblem(password: string, userHints: readonly string[] = []): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Lösenordet måste ha minst ${PASSWORD_MIN_LENGTH} tecken.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Lösenordet får ha högst ${PASSWORD_MAX_LENGTH} tecken.`;
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) return 'Lösenordet måste innehålla både bokstäver och siffror.';
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001F\u007F]/.test(password)) return 'Lösenordet får inte innehålla styrtecken.';
  const lower = password.toLocaleLowerCase('sv-SE');
  for (const hint of userHints) {
    if (hint.length >= 4 && lower.includes(hint.toLocaleLowerCase('sv-SE'))) return 'Lösenordet får inte innehålla ditt namn eller användar-id.';
  }
  return null;
}

/** The offline PIN chosen at an online SITHS login: 6–8 digits, not all the same, not a run. */
export const PIN_PATTERN = /^\d{6,8}$/;

export function pinProblem(pin: string): string | null {
  if (!PIN_PATTERN.test(pin)) return 'PIN-koden ska vara 6–8 siffror.';
  if (/^(\d)\1+$/.test(pin)) return 'PIN-koden får inte bestå av en och samma siffra.';
  const digits = [...pin].map(Number);
  const step = digits[1]! - digits[0]!;
  if (Math.abs(step) === 1 && digits.every((d, i) => i === 0 || d - digits[i - 1]! === step)) {
    return 'PIN-koden får inte vara en talföljd (t.ex. 123456).';
  }
  return null;
}

/** Wrong secrets in a row before offline login locks for that user (until the next online login). */
export const OFFLINE_MAX_FAILURES = 5;
/** Default days an offline login stays possible after the last online login on this workstation. */
export const OFFLINE_VALID_DAYS_DEFAULT = 7;
/** Wrong passwords in a row at central before the account pauses, and for how long. */
export const CENTRAL_MAX_FAILURES = 5;
export const CENTRAL_LOCK_MINUTES = 15;
/** Central's user session (bound to one workstation). */
export const SESSION_HOURS = 12;
/** `001_…txt`: users who have not logged in for 6 months are deactivated. */
export const INACTIVE_MONTHS = 6;
/** Default inactivity before the workstation locks. */
export const LOCK_AFTER_MINUTES_DEFAULT = 10;

/** True when `lastLoginAt` is more than INACTIVE_MONTHS before `now` (never logged in: false). */
export function inactiveTooLong(lastLoginAt: string | null, now: Date): boolean {
  if (lastLoginAt === null) return false;
  const limit = new Date(now);
  limit.setUTCMonth(limit.getUTCMonth() - INACTIVE_MONTHS);
  return new Date(lastLoginAt).getTime() < limit.getTime();
}

/** The instant an offline login given at `onlineAt` stops being accepted. */
export function offlineValidUntil(onlineAt: Date, days: number): Date {
  return new Date(onlineAt.getTime() + days * 24 * 3600 * 1000);
}

/**
 * The region's login mode (region setting `loginMode`, decision 0038): a SITHS region takes the
 * card (online) or the offline PIN chosen at a card login; a password is not taken there, on the
 * workstation or at central. A password region takes passwords and still a card where one is used.
 */
export function passwordLoginProblem(mode: 'siths' | 'password'): string | null {
  return mode === 'siths' ? 'Regionen loggar in med SITHS-kort: lösenord används inte här. Logga in med kortet, eller med din PIN-kod utan nätverk.' : null;
}

/**
 * How the login screen asks: the machine configuration's `login.method` where IT set one for this
 * computer (a test bench, a kiosk), otherwise the region's mode.
 */
export function loginMethodOf(machine: 'siths' | 'password' | undefined, region: 'siths' | 'password'): 'siths' | 'password' {
  return machine ?? region;
}
