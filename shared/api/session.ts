import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../domain/session/rules';
import { Id, IsoDateTime, Role, UserSummary } from './schemas';

/**
 * Login, over IPC (the workstation's session.* handlers) and over HTTP (central's /auth routes).
 * A secret is a password (regions without SITHS) or the offline PIN chosen at an online SITHS
 * login; it is never logged and never stored in plain text anywhere.
 */

export const Secret = z.string().min(1, 'Skriv lösenord eller PIN-kod.').max(PASSWORD_MAX_LENGTH);
const ClientId = z.string().min(8).max(64).regex(/^[A-Za-z0-9-]+$/, 'Ogiltigt klient-id.');
const Grant = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, 'Ogiltig inloggningskod.');

/* ---------- central: /auth ---------- */

export const PasswordLoginRequest = z
  .object({
    clientId: ClientId,
    userId: Id,
    password: Secret,
    /** Set when the answer was `password-change-required` (the first login, or a reset). */
    newPassword: Secret.optional(),
  })
  .strict();

export const ChangePasswordRequest = z.object({ clientId: ClientId, userId: Id, password: Secret, newPassword: Secret }).strict();

export const SithsLoginRequest = z.object({ clientId: ClientId }).strict();
export const SithsGrant = z.object({ grant: Grant, expiresAt: IsoDateTime, hsaId: z.string() });
export const SithsRedeemRequest = z.object({ clientId: ClientId, grant: Grant }).strict();
export const LogoutRequest = z.object({ clientId: ClientId, sessionToken: z.string().max(200) }).strict();

export const CentralUser = z.object({
  id: Id,
  hsaId: z.string(),
  name: z.string(),
  roles: z.array(Role),
  storeIds: z.array(Id),
});
export const CentralSession = z.object({
  session: z.object({ token: z.string(), expiresAt: IsoDateTime, method: z.enum(['siths', 'password']) }),
  user: CentralUser,
});
export type CentralSession = z.infer<typeof CentralSession>;

export const AUTH_ERROR_CODES = [
  'unauthenticated',
  'wrong-secret',
  'password-change-required',
  'weak-password',
  'locked',
  'deactivated',
  'forbidden',
  'invalid-request',
  'rate-limited',
  'no-certificate',
  'certificate-refused',
  'unknown-user',
] as const;

/* ---------- workstation: session.* ---------- */

export const LOGIN_METHODS = ['password', 'siths'] as const;
export type LoginMethod = (typeof LOGIN_METHODS)[number];

export const LoginUser = UserSummary.extend({
  /** What this user can log in with here without the network (null: needs an online login first). */
  offline: z
    .object({ kind: z.enum(['password', 'pin']), validUntil: IsoDateTime, locked: z.boolean() })
    .nullable(),
});
export type LoginUser = z.infer<typeof LoginUser>;

export const LoginScreen = z.object({
  /** How this region logs in: SITHS card (+ an offline PIN) or user name and password. */
  method: z.enum(LOGIN_METHODS),
  /** True when the card can be used here (Electron with a configured central). */
  sithsAvailable: z.boolean(),
  /** The first sync of a new workstation is still filling the replica: no users yet, show progress. */
  firstSync: z.boolean(),
  users: z.array(LoginUser),
  /** Demo replicas: the demo password, shown on the login screen. */
  demoSecret: z.string().nullable(),
  /** This workstation's sync client id (the SITHS grant is bound to it); null without central. */
  clientId: z.string().nullable(),
  /** The lock screen: who is logged in but locked out (null when not locked). */
  lockedUser: UserSummary.nullable(),
});
export type LoginScreen = z.infer<typeof LoginScreen>;

export const LoginInput = z.object({ userId: Id, secret: Secret }).strict();
export const OnlineLoginInput = z.object({ userId: Id, secret: Secret, newPassword: Secret.optional() }).strict();
export const ChangePasswordInput = z.object({ userId: Id, secret: Secret, newPassword: Secret }).strict();
export const SithsLoginInput = z.object({ grant: Grant }).strict();
export const OfflinePinInput = z.object({ pin: z.string().max(16) }).strict();
export const UnlockInput = LoginInput;

export const LoginOutcome = z.object({
  user: UserSummary,
  /** How the login was checked: at central, or here against the cached credential. */
  checked: z.enum(['central', 'offline']),
  /** SITHS logins: the person should choose an offline PIN (none yet, or it runs out soon). */
  needsOfflinePin: z.boolean(),
  offlineValidUntil: IsoDateTime.nullable(),
});
export type LoginOutcome = z.infer<typeof LoginOutcome>;
