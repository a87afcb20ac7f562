// The logged-in user as the API answers it (login, "who am I"); the web reads its role from here.
import { Type } from '@sinclair/typebox';
import { ROLES, type Role } from '../auth/roles.ts';

export const RoleField = Type.Unsafe<Role>(Type.String({ enum: [...ROLES] }));

export const SessionUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleField,
  kelurahan: Type.Array(Type.String()),
  programs: Type.Array(Type.String()),
});

/** POST /auth/login. */
export const Credentials = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export const Session = Type.Object({ user: SessionUser, csrfToken: Type.String() });

/** GET /auth/me: anonymous callers get nulls rather than a 401, so a page can ask without logging an error. */
export const Me = Type.Object({
  user: Type.Union([SessionUser, Type.Null()]),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});
