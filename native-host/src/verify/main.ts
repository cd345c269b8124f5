#!/usr/bin/env node
// vigil-verify: the standalone audit-chain verifier. Imports only the format (shared/src/audit-format)
// and the read-only reader; no writer, no keychain, no proxy. Bundled to dist/vigil-verify.js.
import { verifyMain } from './cli.ts';

process.exitCode = await verifyMain(process.argv.slice(2));
