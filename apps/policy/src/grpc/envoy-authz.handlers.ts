/**
 * Envoy's external authorization API, v3 (`envoy.service.auth.v3.Authorization/Check`), gRPC mode of the
 * `envoy.filters.http.ext_authz` HTTP filter:
 * https://www.envoyproxy.io/docs/envoy/latest/api-v3/service/auth/v3/external_auth.proto
 * https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/ext_authz_filter
 *
 * Wire shape: CheckRequest { attributes: AttributeContext { request.http { headers, body, … }, context_extensions } }
 * → CheckResponse { status: google.rpc.Status (OK = allow), ok_response | denied_response }.
 *
 * What ASC reads: the tenant from the route's context extension `asc_tenant` or the `x-asc-tenant` header; the key
 * from `x-asc-key-id`; the model from `x-asc-model` (or `asc_model`), else the JSON body's `model` (when Envoy is
 * configured `with_request_body`); region hints from `x-asc-region` (comma separated); estimated tokens from
 * `x-asc-estimated-tokens`. When a body is sent, its chat messages' text runs through the guardrails (block only:
 * ext_authz cannot rewrite a body, so redaction stays the gateway's job).
 */

import type { AttributeContext__Output, AuthorizationHandlers, EnvoyCheckResponse, HeaderValueOption } from '@asc/contracts/policy';
import { rateLimitHeaders, type Decision } from '@asc/policy';
import { CheckRejected, type CheckInput, type DecisionService } from '../decisions/decision.service';
import { toServiceError } from './grpc-status';

const RPC_OK = 0;
const RPC_INVALID_ARGUMENT = 3;
const RPC_PERMISSION_DENIED = 7;
const RPC_RESOURCE_EXHAUSTED = 8;

export function envoyAuthorizationHandlers(decisions: DecisionService): AuthorizationHandlers {
  return {
    Check(call, callback) {
      let input: CheckInput;
      try {
        input = fromAttributes(call.request.attributes);
      } catch (error) {
        callback(null, rejected(RPC_INVALID_ARGUMENT, 'BadRequest', 'INVALID_REQUEST', (error as Error).message));
        return;
      }
      decisions.check(input, 'envoy').then(
        (decision) => callback(null, toEnvoyResponse(decision)),
        (error: unknown) => {
          if (error instanceof CheckRejected && error.kind === 'INVALID_ARGUMENT') callback(null, rejected(RPC_INVALID_ARGUMENT, 'BadRequest', 'INVALID_REQUEST', error.message));
          // An unknown tenant is a plain 403 to the client: it must not learn which tenants exist.
          else if (error instanceof CheckRejected && error.kind === 'NOT_FOUND') callback(null, rejected(RPC_PERMISSION_DENIED, 'Forbidden', 'TENANT_NOT_FOUND', 'Access denied.'));
          // Anything else is a failed check: Envoy then applies its failure_mode_allow setting.
          else callback(toServiceError(error));
        },
      );
    },
  };
}

function fromAttributes(attributes: AttributeContext__Output | null): CheckInput {
  const http = attributes?.request?.http;
  const headers = http?.headers ?? {};
  const extensions = attributes?.contextExtensions ?? {};
  const body = http?.body ?? '';
  let bodyModel = '';
  let prompt = '';
  if (body.length > 0 && (headers['content-type'] ?? '').includes('json')) ({ model: bodyModel, prompt } = readChatBody(body));
  const tokens = headers['x-asc-estimated-tokens'];
  const estimatedTokens = tokens === undefined ? 0 : Number(tokens);
  if (!Number.isInteger(estimatedTokens) || estimatedTokens < 0) throw new Error('x-asc-estimated-tokens must be a non-negative integer.');
  return {
    tenant: extensions['asc_tenant'] ?? headers['x-asc-tenant'] ?? '',
    keyId: headers['x-asc-key-id'] ?? '',
    model: extensions['asc_model'] ?? headers['x-asc-model'] ?? bodyModel,
    regionHints: (headers['x-asc-region'] ?? extensions['asc_region'] ?? '').split(',').map((r) => r.trim()).filter(Boolean),
    estimatedTokens,
    operation: '',
    prompt,
    requestId: headers['x-request-id'] ?? http?.id ?? '',
  };
}

/** `model` and the text of `messages[].content` (string or text parts) of an OpenAI/Anthropic-style body. */
function readChatBody(body: string): { model: string; prompt: string } {
  try {
    const parsed = JSON.parse(body) as { model?: unknown; messages?: unknown };
    const model = typeof parsed.model === 'string' ? parsed.model : '';
    const texts: string[] = [];
    if (Array.isArray(parsed.messages)) {
      for (const message of parsed.messages as { content?: unknown }[]) {
        const content = message?.content;
        if (typeof content === 'string') texts.push(content);
        else if (Array.isArray(content)) for (const part of content as { text?: unknown }[]) if (typeof part?.text === 'string') texts.push(part.text);
      }
    }
    return { model, prompt: texts.join('\n') };
  } catch {
    return { model: '', prompt: '' };
  }
}

function header(key: string, value: string): HeaderValueOption {
  return { header: { key, value }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' };
}

function toEnvoyResponse(decision: Decision): EnvoyCheckResponse {
  const limits = Object.entries(rateLimitHeaders(decision)).map(([k, v]) => header(k, v));
  if (decision.allowed) {
    return {
      status: { code: RPC_OK, message: '' },
      okResponse: {
        // Upstream request headers: what was decided, so the service behind Envoy can honour the obligations.
        headers: [
          header('x-asc-policy-version', String(decision.policyVersion)),
          header('x-asc-tenant-id', decision.tenantId),
          header('x-asc-logging', decision.obligations.logging),
          ...(decision.candidates[0] ? [header('x-asc-deployment', decision.candidates[0].deploymentId)] : []),
          ...(decision.obligations.redactions.length > 0 ? [header('x-asc-redact', decision.obligations.redactions.join(','))] : []),
        ],
        headersToRemove: ['x-asc-key-id'],
        responseHeadersToAdd: limits,
      },
    };
  }
  const limited = decision.reasons.some((r) => r.code === 'RATE_LIMITED');
  const first = decision.reasons[0]!;
  return rejected(limited ? RPC_RESOURCE_EXHAUSTED : RPC_PERMISSION_DENIED, limited ? 'TooManyRequests' : 'Forbidden', limited ? 'RATE_LIMITED' : first.code, first.message, decision, limits);
}

function rejected(code: number, httpStatus: 'BadRequest' | 'Forbidden' | 'TooManyRequests', reason: string, message: string, decision?: Decision, extraHeaders: HeaderValueOption[] = []): EnvoyCheckResponse {
  const body = JSON.stringify({
    error: { type: 'policy_denied', code: reason, message, reasons: decision?.reasons.map((r) => r.code) ?? [reason], policy_version: decision?.policyVersion ?? null },
  });
  return {
    status: { code, message },
    deniedResponse: { status: { code: httpStatus }, headers: [header('content-type', 'application/json'), ...extraHeaders], body },
  };
}

