import type { DialectCodec } from '../codec';
import { fromOpenAiRequest } from './request';
import { toOpenAiResponse } from './response';
import { OpenAiStreamEncoder } from './stream-encoder';

export const openAiDialect: DialectCodec = {
  parseRequest: fromOpenAiRequest,
  encodeResponse: toOpenAiResponse,
  createStreamEncoder: (options) => new OpenAiStreamEncoder(options),
};
