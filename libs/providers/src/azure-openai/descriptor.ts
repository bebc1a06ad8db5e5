/**
 * Azure OpenAI data plane (https://learn.microsoft.com/azure/ai-services/openai/reference):
 * `POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={v}` (and `/embeddings`),
 * header `api-key: <key>`. The deployment name in the URL selects the model; the body's `model` is ignored.
 */
import { bearerHeaders, trimSlash } from '../openai-compatible/descriptor';
import type { DeploymentTarget, UpstreamRequest } from '../types';

export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

function azureUrl(target: DeploymentTarget, operation: 'chat/completions' | 'embeddings'): string {
  const version = encodeURIComponent(target.apiVersion ?? AZURE_DEFAULT_API_VERSION);
  return `${trimSlash(target.baseUrl)}/openai/deployments/${encodeURIComponent(target.upstreamModel)}/${operation}?api-version=${version}`;
}

function azureHeaders(target: DeploymentTarget, stream: boolean): Record<string, string> {
  const headers = bearerHeaders({ ...target, apiKey: undefined }, stream);
  if (target.apiKey) headers['api-key'] = target.apiKey;
  return headers;
}

export function azureChatRequest(args: { target: DeploymentTarget; body: string; stream: boolean }): UpstreamRequest {
  return { url: azureUrl(args.target, 'chat/completions'), method: 'POST', headers: azureHeaders(args.target, args.stream), body: args.body };
}

export function azureEmbeddingsRequest(args: { target: DeploymentTarget; body: string }): UpstreamRequest {
  return { url: azureUrl(args.target, 'embeddings'), method: 'POST', headers: azureHeaders(args.target, false), body: args.body };
}
