/**
 * The text a request sends to a model, message by message, so guardrails can scan it and redactions can be
 * written back in place. Handles OpenAI (`content` string or parts, `system`/`developer`/`tool` roles) and
 * Anthropic (`system` string or blocks, content blocks) shapes; embeddings `input` (string or string array).
 */
export interface TextSlot {
  read(): string;
  write(text: string): void;
}

export function textSlots(body: Record<string, unknown>): TextSlot[] {
  const slots: TextSlot[] = [];
  const addContainer = (holder: Record<string, unknown>, field: string): void => {
    const value = holder[field];
    if (typeof value === 'string') {
      slots.push({ read: () => holder[field] as string, write: (text) => (holder[field] = text) });
    } else if (Array.isArray(value)) {
      for (const part of value) {
        if (part !== null && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
          const p = part as { text: string };
          slots.push({ read: () => p.text, write: (text) => (p.text = text) });
        } else if (typeof part === 'string' && field === 'input') {
          const index = value.indexOf(part);
          slots.push({ read: () => value[index] as string, write: (text) => (value[index] = text) });
        }
      }
    }
  };
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) {
      if (message !== null && typeof message === 'object') addContainer(message as Record<string, unknown>, 'content');
    }
  }
  addContainer(body, 'system');
  addContainer(body, 'input');
  return slots;
}

/** Rough prompt token count (characters / 4), before any provider has counted. */
export function promptTokens(slots: readonly TextSlot[]): number {
  let chars = 0;
  for (const slot of slots) chars += slot.read().length;
  return Math.ceil(chars / 4);
}

/** Rough token estimate of a request (prompt plus the completion budget), for token rate limits. */
export function estimateTokens(slots: readonly TextSlot[], maxTokens: unknown): number {
  return promptTokens(slots) + (typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : 256);
}
