/**
 * The one catalogue of stable error codes. Codes never change meaning once shipped; tests assert on
 * them and users search for them. Add new codes at the end of their group.
 */
export const ErrorCodes = {
  // Native messaging / protocol
  BAD_FRAME_LENGTH: 'BAD_FRAME_LENGTH',
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  TRUNCATED_FRAME: 'TRUNCATED_FRAME',
  INVALID_JSON: 'INVALID_JSON',
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  UNSUPPORTED_PROTOCOL: 'UNSUPPORTED_PROTOCOL',
  INTERNAL: 'INTERNAL',
  // Daemon
  DAEMON_UNAVAILABLE: 'DAEMON_UNAVAILABLE',
  DAEMON_LOST: 'DAEMON_LOST',
  DATA_DIR_UNUSABLE: 'DATA_DIR_UNUSABLE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  // CLI
  BAD_ARGUMENTS: 'BAD_ARGUMENTS',
  UNSUPPORTED_PLATFORM: 'UNSUPPORTED_PLATFORM',
  INSTALL_FAILED: 'INSTALL_FAILED',
  // Keychain
  KEYCHAIN_UNAVAILABLE: 'KEYCHAIN_UNAVAILABLE',
  KEY_FILE_INSECURE: 'KEY_FILE_INSECURE',
  // Detection models
  MODEL_MISSING: 'MODEL_MISSING',
  MODEL_CORRUPT: 'MODEL_CORRUPT',
  MODEL_SCHEMA_MISMATCH: 'MODEL_SCHEMA_MISMATCH',
  // Audit chain
  AUDIT_FORMAT_UNSUPPORTED: 'AUDIT_FORMAT_UNSUPPORTED',
  AUDIT_DB_CORRUPT: 'AUDIT_DB_CORRUPT',
  AUDIT_DB_FOREIGN: 'AUDIT_DB_FOREIGN',
  AUDIT_KEY_MISSING: 'AUDIT_KEY_MISSING',
  AUDIT_DATA_DIR_READONLY: 'AUDIT_DATA_DIR_READONLY',
  AUDIT_STORE_CLOSED: 'AUDIT_STORE_CLOSED',
  AUDIT_BAD_RECORD: 'AUDIT_BAD_RECORD',
  AUDIT_NOT_FOUND: 'AUDIT_NOT_FOUND',
  AUDIT_UNREADABLE: 'AUDIT_UNREADABLE',
  // Privacy channels
  PRIVACY_SETTINGS_INVALID: 'PRIVACY_SETTINGS_INVALID',
  PRIVACY_NOT_ACCEPTED: 'PRIVACY_NOT_ACCEPTED',
  PRIVACY_BAD_ENDPOINT: 'PRIVACY_BAD_ENDPOINT',
  PRIVACY_SEND_FAILED: 'PRIVACY_SEND_FAILED',
  PRIVACY_PAYLOAD_INVALID: 'PRIVACY_PAYLOAD_INVALID',
  // Policy engine
  POLICY_INVALID: 'POLICY_INVALID',
  POLICY_TEST_FAILED: 'POLICY_TEST_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** An error that carries a stable code and, where useful, the evidence that led to it. */
export class VigilError extends Error {
  constructor(
    readonly code: ErrorCode | string,
    message: string,
    readonly evidence?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'VigilError';
  }
}

export function isVigilError(err: unknown): err is VigilError {
  return err instanceof VigilError;
}
