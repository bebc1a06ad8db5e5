import type { DialectCodec } from '../codec';
import { fromAnthropicRequest } from './request';
import { toAnthropicResponse } from './response';
import { AnthropicStreamEncoder } from './stream-encoder';

export const anthropicDialect: DialectCodec = {
  parseRequest: fromAnthropicRequest,
  encodeResponse: toAnthropicResponse,
  createStreamEncoder: (options) => new AnthropicStreamEncoder(options),
};
