// The shared schemas: the one home of the request and answer shapes the API speaks (TypeBox, so one definition
// is the validator, the OpenAPI document and the static type).
//
// What goes here: any shape more than one route, service or the web uses — periods, levels, codes of the code
// lists (Codes for requests, CodeField for answers), ids, Nullable, household and member inputs, case-plan steps,
// indicator values, sessions. A shape only one route ever uses may stay in that route file.
// What does not: rules and limits themselves (server/domain/*: code lists, field rules, analysis limits), which
// these schemas read, so an import row, a form and the API refuse the same values.
// Who reads it: routes (schemas), services (Static<typeof X> types), and the web, which derives its API types
// with `import type` (web/src/lib/types/api-types.ts) instead of retyping them. patterns.ts has no imports,
// so the web may bundle it.
export * from './patterns.ts';
export * from './common.ts';
export * from './household.ts';
export * from './case-plan.ts';
export * from './indicator.ts';
export * from './area.ts';
export * from './program.ts';
export * from './session.ts';
export * from './audit.ts';
export * from './user.ts';
export * from './access-token.ts';
export * from './proposal.ts';
export * from './neighbourhood.ts';
