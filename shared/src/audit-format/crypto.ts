/**
 * The primitives the audit format is defined over. shared/ cannot reach a crypto implementation
 * without a runtime (no node:crypto, and WebCrypto is async and not in shared's lib), so the runtime
 * passes one in: the host uses node:crypto (native-host/src/audit/node-crypto.ts), a browser could
 * wrap WebCrypto. The format functions below never pick an algorithm themselves.
 */
export interface AuditCrypto {
  /**
   * SHA-256 of the concatenation of `parts`, 32 bytes; a string part stands for its UTF-8 bytes.
   * Multi-part so hot paths (one record hash per append) need no intermediate copies.
   */
  sha256(...parts: (Uint8Array | string)[]): Uint8Array;
  /** Ed25519 verification; `publicKey` is the 32-byte raw key. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** Signs with the chain's current Ed25519 key. */
export interface AuditSigner {
  /** Key id of the public key (see `keyIdOf`). */
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}
