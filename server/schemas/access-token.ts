// Personal access tokens (routes/tokens-routes.ts): what a user asks for and what they see. The secret is
// in the creation's answer only.
import { Type } from '@sinclair/typebox';
import { Nullable } from './common.ts';

export const TOKEN_NAME_MAX = 80;
/** Lifetimes the web app offers; the API takes any whole number of days up to the maximum. */
export const TOKEN_DAY_CHOICES = [30, 90, 365] as const;

export const NewAccessToken = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: TOKEN_NAME_MAX,
      description: 'a label, e.g. "QGIS laptop"',
    }),
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 365, default: 90, description: 'days until it expires' }),
    ),
  },
  { additionalProperties: false },
);

export const AccessTokenSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String({ description: 'the first characters of the token, to tell tokens apart' }),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  userId: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
});

export const CreatedAccessToken = Type.Object({
  ...AccessTokenSummary.properties,
  token: Type.String({ description: 'the secret, shown this once' }),
});
