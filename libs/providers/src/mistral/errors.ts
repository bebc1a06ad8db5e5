/**
 * Mistral error bodies (https://docs.mistral.ai/api/): `{"object":"error","message":"…","type":"…","param":null,
 * "code":null}`; validation failures (422) carry `message: {"detail":[{"loc":[…],"msg":"…","type":"…"}]}`;
 * gateway-level errors (401, 429) are `{"message":"…","request_id":"…"}` or `{"detail":"…"}`.
 */
import { asArray, asObject, asString, tryParseJson } from '../shared/json';
import type { ExtractedError } from '../openai-compatible/errors';

export function extractMistralError(bodyText: string): ExtractedError {
  const body = asObject(tryParseJson(bodyText));
  if (!body) return { message: undefined, type: undefined };
  const type = asString(body['type']);
  const message = body['message'] ?? body['detail'];
  if (typeof message === 'string') return { message, type };
  const details = asArray(asObject(message)?.['detail'] ?? message);
  const texts = details
    .map((item) => {
      const detail = asObject(item);
      const msg = asString(detail?.['msg']);
      const loc = asArray(detail?.['loc']).filter((part) => part !== 'body').join('.');
      return msg === undefined ? undefined : loc ? `${loc}: ${msg}` : msg;
    })
    .filter((text): text is string => text !== undefined);
  return { message: texts.length > 0 ? texts.join('; ') : undefined, type };
}
