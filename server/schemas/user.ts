// User administration as the API speaks it (admins): an account with its role and scopes, a new account, and
// the one answer that carries a generated password (shown once; never stored or logged in clear).
import { Type } from '@sinclair/typebox';
import { ROLES } from '../auth/roles.ts';
import { Nullable } from './common.ts';
import { RoleField } from './session.ts';

export const UserSummary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleField,
  disabled: Type.Boolean(),
  kelurahan: Type.Array(Type.String()),
  programs: Type.Array(Type.String()),
  lockedUntil: Nullable(Type.String()),
});

export const NewUser = Type.Object(
  {
    username: Type.String({ pattern: '^[a-z0-9._-]{3,64}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    kelurahan: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$' }), { maxItems: 200 }),
    ),
    programs: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9_]{1,20}$' }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const CreatedUser = Type.Object({ id: Type.String() });

/** POST /users/:id/password: the new password, answered once. */
export const GeneratedPassword = Type.Object({
  username: Type.String(),
  password: Type.String({ description: 'generated; shown to the admin once, never stored in clear' }),
});
