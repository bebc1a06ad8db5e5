/**
 * Redaction for structured logs. Three rules, applied to every field and the message:
 * 1. Secret-named fields lose their value: names whose words (split on `-`, `_`, `.`, camelCase) include
 *    secret, password, passwd, authorization, cookie, credential(s), or end in `token` (not `tokens`: token
 *    counts are fine), or contain `api key`/`apikey`/`private key`/`client secret`. So `authorization`,
 *    `x-api-key`, `apiKey`, `access_token`, `dbPassword` go; `inputTokens`, `maxTokens`, `keyPrefix` stay.
 * 2. Secret-looking strings anywhere are masked: `sk-…` keys (OpenAI, Anthropic, ASC virtual keys),
 *    `Bearer …`, JWTs, and `user:password@` in URLs.
 * 3. Prompt-bearing fields (prompt, messages, input, content, system, completion, choices, text, body, …)
 *    are replaced by `[REDACTED:content]` unless the caller wraps the value with `allowContent(...)`, which
 *    the gateway does only when the tenant's policy allows prompt logging. Secrets are masked even then.
 */
export const REDACTED = '[REDACTED]';
export const REDACTED_CONTENT = '[REDACTED:content]';

const MAX_DEPTH = 6;
const MAX_STRING = 8_192;

const SECRET_WORDS = new Set(['secret', 'secrets', 'password', 'passwd', 'pwd', 'authorization', 'cookie', 'cookies', 'credential', 'credentials', 'apikey', 'passphrase']);
const CONTENT_FIELDS = new Set([
  'prompt', 'prompts', 'messages', 'message_content', 'input', 'inputs', 'content', 'contents', 'system', 'instructions',
  'completion', 'completions', 'choices', 'output', 'text', 'body', 'request_body', 'response_body', 'tools', 'tool_calls',
]);

const SECRET_PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{20,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  /(?<=\/\/[^/\s:@]+:)[^/\s@]+(?=@)/g,
];

/** Marks a value as allowed in logs even though its field name says prompt or completion text. */
export class AllowedContent {
  constructor(readonly value: unknown) {}
}

export function allowContent(value: unknown): AllowedContent {
  return new AllowedContent(value);
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[-_.\s]+/)
    .filter((w) => w !== '');
}

export function isSecretField(name: string): boolean {
  const parts = words(name);
  if (parts.length === 0) return false;
  if (parts.some((w) => SECRET_WORDS.has(w))) return true;
  if (parts[parts.length - 1] === 'token') return true;
  for (let i = 0; i + 1 < parts.length; i++) {
    const pair = `${parts[i]} ${parts[i + 1]}`;
    if (pair === 'api key' || pair === 'private key' || pair === 'client secret' || pair === 'session key') return true;
  }
  return false;
}

export function isContentField(name: string): boolean {
  return CONTENT_FIELDS.has(words(name).join('_'));
}

export function scrubString(value: string): string {
  let out = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…[truncated]` : value;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/**
 * A JSON-safe, redacted copy of `value` (the value found under field `name`, if any). Inside an
 * `allowContent(...)` subtree (`contentAllowed`), prompt fields are kept; secrets never are.
 */
export function redact(value: unknown, name?: string, depth = 0, contentAllowed = false): unknown {
  if (value instanceof AllowedContent) return redact(value.value, name, depth, true);
  if (name !== undefined) {
    if (isSecretField(name) && value !== undefined && value !== null && typeof value !== 'number' && typeof value !== 'boolean') return REDACTED;
    if (!contentAllowed && isContentField(name) && value !== undefined && value !== null) return REDACTED_CONTENT;
  }
  switch (typeof value) {
    case 'string':
      return scrubString(value);
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return redactError(value, depth);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => redact(item, undefined, depth + 1, contentAllowed));
  if (value instanceof Map) return redactObject(Object.fromEntries(value), depth, contentAllowed);
  return redactObject(value as Record<string, unknown>, depth, contentAllowed);
}

function redactObject(value: Record<string, unknown>, depth: number, contentAllowed: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const redacted = redact(value[key], key, depth + 1, contentAllowed);
    if (redacted !== undefined) out[key] = redacted;
  }
  return out;
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: scrubString(error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (error.stack !== undefined) out.stack = scrubString(error.stack);
  if (error.cause !== undefined) out.cause = redact(error.cause, undefined, depth + 1);
  return out;
}
