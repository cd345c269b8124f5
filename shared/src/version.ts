/** Version of the message protocol between extension, host, relay and daemon. Bump on breaking change. */
export const PROTOCOL_VERSION = 1;

/** Product version reported by the host in `pong`. Kept in step with the root package.json by a test. */
export const VIGIL_VERSION = '0.1.0';

/** Chrome's native messaging host name. */
export const NATIVE_HOST_NAME = 'com.vigil.host';
