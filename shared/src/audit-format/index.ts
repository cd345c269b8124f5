/** The audit chain's format: shared by the writer (native-host/src/audit) and the verifier (native-host/src/verify). */
export * from './bytes.ts';
export * from './crypto.ts';
export * from './record.ts';
export * from './merkle.ts';
export * from './note.ts';
