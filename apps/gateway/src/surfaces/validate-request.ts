import { InvalidRequestError } from '@asc/errors';

/**
 * Cheap structural checks of client bodies before anything is forwarded: enough to answer a clear 400 for
 * what providers would reject anyway, without a general schema validator on the hot path. The provider
 * remains the authority on everything else.
 */
export function asJsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError({ message: 'The request body must be a JSON object.', code: 'INVALID_JSON' });
  }
  return body as Record<string, unknown>;
}

export function requireModel(body: Record<string, unknown>): string {
  const model = body.model;
  if (typeof model !== 'string' || model.length === 0) {
    throw new InvalidRequestError({ message: "you must provide a model parameter", param: 'model' });
  }
  return model;
}

function requireMessages(body: Record<string, unknown>): void {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InvalidRequestError({ message: "'messages' must be a non-empty array.", param: 'messages' });
  }
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as { role?: unknown } | null;
    if (typeof message !== 'object' || message === null || typeof message.role !== 'string') {
      throw new InvalidRequestError({ message: `'messages[${i}]' must be an object with a string 'role'.`, param: `messages[${i}]` });
    }
  }
}

function optionalPositiveInt(body: Record<string, unknown>, field: string): void {
  const value = body[field];
  if (value !== undefined && value !== null && !(Number.isInteger(value) && (value as number) > 0)) {
    throw new InvalidRequestError({ message: `'${field}' must be a positive integer.`, param: field });
  }
}

function optionalBoolean(body: Record<string, unknown>, field: string): void {
  const value = body[field];
  if (value !== undefined && value !== null && typeof value !== 'boolean') {
    throw new InvalidRequestError({ message: `'${field}' must be a boolean.`, param: field });
  }
}

export function validateOpenAIChat(body: Record<string, unknown>): void {
  requireMessages(body);
  optionalBoolean(body, 'stream');
  optionalPositiveInt(body, 'max_tokens');
  optionalPositiveInt(body, 'max_completion_tokens');
}

export function validateAnthropicMessages(body: Record<string, unknown>): void {
  requireMessages(body);
  optionalBoolean(body, 'stream');
  if (body.max_tokens === undefined) {
    throw new InvalidRequestError({ message: 'max_tokens: Field required', param: 'max_tokens' });
  }
  optionalPositiveInt(body, 'max_tokens');
}

export function validateEmbeddings(body: Record<string, unknown>): void {
  const input = body.input;
  const ok = typeof input === 'string' || (Array.isArray(input) && input.length > 0);
  if (!ok) throw new InvalidRequestError({ message: "'input' must be a string or a non-empty array.", param: 'input' });
}
