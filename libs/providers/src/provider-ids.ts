/** Every provider id the gateway can route to, defined once (STYLE.md section 7). */
export const PROVIDER_IDS = ['openai', 'azure-openai', 'openai-compatible', 'mistral', 'anthropic'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const CLIENT_DIALECTS = ['openai', 'anthropic'] as const;
export type ClientDialect = (typeof CLIENT_DIALECTS)[number];

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}
