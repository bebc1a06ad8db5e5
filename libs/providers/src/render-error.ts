import { GatewayError, InternalError } from '@asc/errors';
import type { ClientDialect, RenderedError } from './types';
import { renderOpenAiError } from './dialects/openai/errors';
import { renderAnthropicError } from './dialects/anthropic/errors';

/**
 * The gateway's own errors rendered in a client dialect. Anything that is not a GatewayError becomes a generic
 * 500 whose message hides the cause.
 */
export function renderError(dialect: ClientDialect, error: unknown): RenderedError {
  const safe = GatewayError.is(error) ? error : new InternalError(error);
  return dialect === 'openai' ? renderOpenAiError(safe) : renderAnthropicError(safe);
}
