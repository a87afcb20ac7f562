// Kept so existing route imports keep working while they move to server/schemas (the shared schemas' home).
export * from '../schemas/index.ts';
