// The audit log as an admin reviews it: filters and one entry.
import { Type } from '@sinclair/typebox';
import { CodeField, Codes, DateString, Nullable } from './common.ts';
import { RoleField } from './session.ts';

/** GET /audit?: a filtered page, newest first (`before` is the last id of the previous page). */
export const AuditFilter = Type.Object(
  {
    action: Type.Optional(Codes('auditAction')),
    username: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
    entity: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    from: Type.Optional(DateString),
    to: Type.Optional(DateString),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const AuditRow = Type.Object({
  id: Type.Number(),
  at: Type.String(),
  username: Nullable(Type.String()),
  role: Nullable(RoleField),
  action: CodeField('auditAction'),
  entity: Type.String(),
  entity_ids: Type.Array(Type.String()),
  period_code: Nullable(Type.String()),
  changes: Type.Unknown(),
  reason: Nullable(Type.String()),
  ip: Nullable(Type.String()),
});
