// The rule editor's answers (routes/program-rules-routes.ts), here so the web derives its types from them.
import { Type } from '@sinclair/typebox';

export const RuleCheckAnswer = Type.Union([
  Type.Object({ valid: Type.Literal(true) }),
  Type.Object({
    valid: Type.Literal(false),
    path: Type.String({ description: 'the place in the rule, e.g. rule.all[1].value' }),
    reason: Type.String({ description: 'why, in the caller’s language (fields named in words)' }),
    limit: Type.Optional(Type.String()),
    max: Type.Optional(Type.Integer()),
  }),
]);

export const RuleChange = Type.Object({
  at: Type.String({ format: 'date-time' }),
  username: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown({ description: 'the rule before the change' }),
  after: Type.Unknown({ description: 'the rule after the change' }),
});

export const RuleHistoryAnswer = Type.Object({ program: Type.String(), changes: Type.Array(RuleChange) });
