/**
 * Error bodies per dialect and status, shaped like the real providers':
 *   OpenAI  {"error":{"message","type","param","code"}}       https://platform.openai.com/docs/guides/error-codes
 *   Azure   {"error":{"code","message"}}                       https://learn.microsoft.com/azure/ai-services/openai/reference
 *   Anthropic {"type":"error","error":{"type","message"},"request_id"} https://docs.anthropic.com/en/api/errors
 *   Mistral service errors {"object":"error","message","type","param","code"}; its API gateway answers 401/403/429
 *   itself with {"message","request_id"} (https://docs.mistral.ai/api/).
 */
import type { Dialect } from '../types';

export interface ErrorContext {
  model: string | null;
  requestId: string;
  message?: string;
  /** OpenAI `code` override (a missing key has code null, a wrong one `invalid_api_key`). */
  code?: string | null;
}

interface OpenAiErrorRow {
  type: string;
  code: string | number | null;
  message: (ctx: ErrorContext) => string;
}

const OPENAI_ERRORS: Record<number, OpenAiErrorRow> = {
  400: { type: 'invalid_request_error', code: null, message: () => 'Invalid request.' },
  401: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: () =>
      'Incorrect API key provided: invalid. You can find your API key at https://platform.openai.com/account/api-keys.',
  },
  403: { type: 'request_forbidden', code: 'unsupported_country_region_territory', message: () => 'Country, region, or territory not supported' },
  404: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: (c) => `The model \`${c.model ?? 'unknown'}\` does not exist or you do not have access to it.`,
  },
  408: { type: 'timeout', code: null, message: () => 'Request timed out.' },
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: (c) =>
      `Rate limit reached for ${c.model ?? 'default'} in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
  },
  500: { type: 'server_error', code: null, message: () => 'The server had an error while processing your request. Sorry about that!' },
  502: { type: 'cf_bad_gateway', code: 502, message: () => 'Bad gateway.' },
  503: { type: 'server_error', code: null, message: () => 'The engine is currently overloaded, please try again later.' },
};

const ANTHROPIC_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'model: not found'],
  408: ['timeout_error', 'Request timed out.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  502: ['api_error', 'Bad gateway'],
  503: ['api_error', 'Service unavailable'],
  504: ['timeout_error', 'Request timed out.'],
  529: ['overloaded_error', 'Overloaded'],
};

const AZURE_CODES: Record<number, [string, string]> = {
  400: ['BadRequest', 'Invalid request.'],
  401: [
    '401',
    'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  ],
  403: ['403', 'Access denied.'],
  404: ['DeploymentNotFound', 'The API deployment for this resource does not exist.'],
  408: ['Timeout', 'The operation was timeout.'],
  429: ['429', 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second.'],
  500: ['InternalServerError', 'The server had an error while processing your request.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'The service is temporarily unable to process your request.'],
};

const MISTRAL_SERVICE: Record<number, [string, string | null, string]> = {
  400: ['invalid_request_error', null, 'Invalid request.'],
  404: ['invalid_model', '1500', 'Invalid model'],
  408: ['timeout', null, 'Request timed out.'],
  422: ['invalid_request_message_error', null, 'Invalid request.'],
  500: ['internal_server_error', null, 'Internal server error'],
  502: ['bad_gateway', null, 'Bad gateway'],
  503: ['service_unavailable', null, 'Service unavailable'],
};

const MISTRAL_GATEWAY: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Requests rate limit exceeded',
};

function openAiBody(status: number, ctx: ErrorContext): object {
  const row = OPENAI_ERRORS[status] ?? (status >= 500 ? OPENAI_ERRORS[500] : OPENAI_ERRORS[400]);
  const r = row ?? { type: 'server_error', code: null, message: () => 'Error' };
  return { error: { message: ctx.message ?? r.message(ctx), type: r.type, param: null, code: ctx.code !== undefined ? ctx.code : r.code } };
}

function anthropicBody(status: number, ctx: ErrorContext): object {
  const [type, message] = ANTHROPIC_TYPES[status] ?? (status >= 500 ? ['api_error', 'Internal server error'] : ['invalid_request_error', 'Invalid request.']);
  return { type: 'error', error: { type, message: ctx.message ?? message }, request_id: ctx.requestId };
}

function azureBody(status: number, ctx: ErrorContext): object {
  const [code, message] = AZURE_CODES[status] ?? [String(status), 'The service is temporarily unable to process your request.'];
  return { error: { code, message: ctx.message ?? message } };
}

function mistralBody(status: number, ctx: ErrorContext): object {
  const gateway = MISTRAL_GATEWAY[status];
  if (gateway !== undefined) return { message: ctx.message ?? gateway, request_id: ctx.requestId.slice(4) };
  const [type, code, message] = MISTRAL_SERVICE[status] ?? (status >= 500 ? ['internal_server_error', null, 'Internal server error'] : ['invalid_request_error', null, 'Invalid request.']);
  return { object: 'error', message: ctx.message ?? (status === 404 && ctx.model ? `Invalid model: ${ctx.model}` : message), type, param: null, code };
}

/** JSON error body of `dialect` for HTTP `status`. */
export function errorBody(dialect: Dialect, status: number, ctx: ErrorContext): string {
  switch (dialect) {
    case 'openai':
      return JSON.stringify(openAiBody(status, ctx));
    case 'azure':
      return JSON.stringify(azureBody(status, ctx));
    case 'anthropic':
      return JSON.stringify(anthropicBody(status, ctx));
    case 'mistral':
      return JSON.stringify(mistralBody(status, ctx));
  }
}

/** The in-stream error of `dialect` as a complete SSE frame (what a provider sends when it fails mid-answer). */
export function streamErrorFrame(dialect: Dialect, ctx: ErrorContext): string {
  switch (dialect) {
    case 'anthropic':
      return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: ctx.message ?? 'Overloaded' }, request_id: ctx.requestId })}\n\n`;
    case 'mistral':
      return `data: ${errorBody('mistral', 500, ctx)}\n\n`;
    default:
      return `data: ${JSON.stringify(openAiBody(500, ctx))}\n\n`;
  }
}
