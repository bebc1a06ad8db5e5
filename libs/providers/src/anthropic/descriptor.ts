/**
 * Anthropic Messages endpoint (https://docs.anthropic.com/en/api/messages): `POST {baseUrl}/v1/messages`,
 * headers `x-api-key`, `anthropic-version: 2023-06-01`, `content-type: application/json`.
 */
import { trimSlash } from '../openai-compatible/descriptor';
import type { DeploymentTarget, UpstreamRequest } from '../types';

export const ANTHROPIC_VERSION = '2023-06-01';

export function anthropicChatRequest(args: { target: DeploymentTarget; body: string; stream: boolean }): UpstreamRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: args.stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (args.target.apiKey) headers['x-api-key'] = args.target.apiKey;
  return { url: `${trimSlash(args.target.baseUrl)}/v1/messages`, method: 'POST', headers, body: args.body };
}
