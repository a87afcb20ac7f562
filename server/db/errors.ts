// The one error type of database provisioning: its message is shown to the operator as is (no stack trace).
export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}
