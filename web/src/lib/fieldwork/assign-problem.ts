// Which field of the assign form a refusal from the API is about: the service names it (`field`), a schema
// validation error names its path (`params.field`, e.g. `rw.0`); the form shows the problem's sentence, already
// in the user's language, beside that field. Pure, so it is tested alone.
export type AssignField = 'verifierId' | 'dueDate' | 'rw';

const FIELDS: readonly AssignField[] = ['verifierId', 'dueDate', 'rw'];

export function assignFieldOf(problem: unknown): AssignField | undefined {
  if (!problem || typeof problem !== 'object') return undefined;
  const p = problem as { field?: unknown; params?: { field?: unknown } };
  const named = typeof p.field === 'string' ? p.field : p.params?.field;
  if (typeof named !== 'string') return undefined;
  const first = named.split('.')[0] === 'kelurahan' ? 'rw' : named.split('.')[0];
  return FIELDS.find((f) => f === first);
}
