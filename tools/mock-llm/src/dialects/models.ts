/**
 * Model listings: OpenAI/Mistral `{"object":"list","data":[{"id","object":"model","created","owned_by"}]}`
 * (https://platform.openai.com/docs/api-reference/models/list), Anthropic
 * `{"data":[{"type":"model","id","display_name","created_at"}],"has_more","first_id","last_id"}`
 * (https://docs.anthropic.com/en/api/models-list).
 */
import type { Dialect } from '../types';

const CREATED = 1_715_367_049;
const OPENAI_MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o3-mini', 'text-embedding-3-small', 'text-embedding-3-large'];
const MISTRAL_MODELS = ['mistral-large-latest', 'mistral-small-latest', 'open-mistral-nemo', 'mistral-embed'];
const ANTHROPIC_MODELS: Array<[string, string]> = [
  ['claude-sonnet-4-20250514', 'Claude Sonnet 4'],
  ['claude-3-5-haiku-20241022', 'Claude Haiku 3.5'],
  ['claude-opus-4-20250514', 'Claude Opus 4'],
];

export function modelsResponse(dialect: Dialect): string {
  if (dialect === 'anthropic') {
    const data = ANTHROPIC_MODELS.map(([id, name]) => ({ type: 'model', id, display_name: name, created_at: '2025-05-14T00:00:00Z' }));
    return JSON.stringify({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
  }
  const owner = dialect === 'mistral' ? 'mistralai' : 'system';
  const ids = dialect === 'mistral' ? MISTRAL_MODELS : OPENAI_MODELS;
  return JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: CREATED, owned_by: owner })) });
}
