import { ErrorCodes, VIGIL_VERSION, VigilError } from '@vigil/shared';
import { archOf, platformOf, UpdateCheckResponse, type UpdateCheckRequest } from './payloads.ts';

/** What an update check sends: the running version and platform, so the answer can name the right build. */
export function updateCheckRequest(): UpdateCheckRequest {
  return { schema: 'vigil.update-check/1', version: VIGIL_VERSION, platform: platformOf(), arch: archOf() };
}

/** Reads the endpoint's answer: `{latest: "x.y.z"}`; anything else is an error and is not stored. */
export function parseUpdateAnswer(body: Buffer): string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new VigilError(ErrorCodes.PRIVACY_SEND_FAILED, 'update endpoint answered with something other than JSON');
  }
  const parsed = UpdateCheckResponse.safeParse(value);
  if (!parsed.success) throw new VigilError(ErrorCodes.PRIVACY_SEND_FAILED, 'update endpoint answer has no valid "latest" version');
  return parsed.data.latest;
}
