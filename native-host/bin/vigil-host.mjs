#!/usr/bin/env node
// What Chrome launches (through the launcher `vigil install` writes): `vigil host`, with Chrome's
// arguments (the caller's origin, and on Windows a window handle) passed along.
process.argv.splice(2, 0, 'host');
await import('./vigil.mjs');
