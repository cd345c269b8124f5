import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { onnxMetadata } from './onnx-metadata.ts';
import { FEATURE_SCHEMA_VERSION } from './text-features.ts';

const bayes = readFileSync(new URL('../../../models/bayes.onnx', import.meta.url));

test('the shipped bayes.onnx records the text-feature schema this build computes (host and extension both refuse a mismatch)', () => {
  assert.equal(onnxMetadata(bayes).get('feature_schema_version'), String(FEATURE_SCHEMA_VERSION));
});

test('a cut-off file is an error, not an empty answer', () => {
  assert.throws(() => onnxMetadata(bayes.subarray(0, bayes.length - 7)), /truncated protobuf/);
});
