import { z } from 'zod';
import type { PolicyRules__Output, RateLimit__Output } from '@asc/contracts/policy';
import { LOGGING_LEVELS, PII_ACTIONS } from './effective-policy';
import { loggingEnum, piiActionEnum } from './narrow';

/**
 * The policy document people write (YAML via `asc apply`, JSON via the admin API) and Postgres stores: one layer,
 * every field optional (absent = inherit from the parent layer). Strict: an unknown field is an error, so a typo
 * never silently widens nothing.
 *
 *   approvedModels: [gpt-4o-mini, openai/gpt-4o]   allowedRegions: [eu]
 *   rateLimits: { tenant: { requestsPerMinute: 600, tokensPerMinute: 200000 }, key: { requestsPerMinute: 60 } }
 *   maxTokensPerRequest: 4096                      budgets: [acme-eu-monthly]
 *   guardrails: { pii: { email: redact, card: block }, blockedTerms: [project-falcon] }
 *   logging: metadata                              # full | metadata | none
 */
const positive = z.number().int().positive().max(4_000_000_000);
const rate = z.strictObject({ requestsPerMinute: positive.optional(), tokensPerMinute: positive.optional() });
const piiAction = z.enum(PII_ACTIONS);
const name = z.string().trim().min(1).max(200);

export const policyDocumentSchema = z.strictObject({
  approvedModels: z.array(name).max(1000).optional(),
  allowedRegions: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'region like eu or eu-west-1')).max(200).optional(),
  rateLimits: z.strictObject({ tenant: rate.optional(), key: rate.optional() }).optional(),
  maxTokensPerRequest: positive.optional(),
  budgets: z.array(name).max(100).optional(),
  guardrails: z
    .strictObject({
      pii: z
        .strictObject({
          email: piiAction.optional(),
          phone: piiAction.optional(),
          card: piiAction.optional(),
          iban: piiAction.optional(),
          nationalId: piiAction.optional(),
        })
        .optional(),
      blockedTerms: z.array(z.string().trim().min(1).max(200)).max(1000).optional(),
    })
    .optional(),
  logging: z.enum(LOGGING_LEVELS).optional(),
});

export type PolicyDocument = z.output<typeof policyDocumentSchema>;

/** The wire (and evaluation) form of a document: exactly what the proto loader would hand out for it. */
export function toWireRules(doc: PolicyDocument): PolicyRules__Output {
  const pii = doc.guardrails?.pii;
  const rules: PolicyRules__Output = {
    approvedModels: doc.approvedModels ? { values: [...doc.approvedModels] } : null,
    allowedRegions: doc.allowedRegions ? { values: [...doc.allowedRegions] } : null,
    tenantRateLimit: toWireRate(doc.rateLimits?.tenant),
    keyRateLimit: toWireRate(doc.rateLimits?.key),
    budgetIds: [...(doc.budgets ?? [])],
    guardrails: doc.guardrails
      ? {
          pii: pii
            ? {
                email: pii.email ? piiActionEnum(pii.email) : 'PII_ACTION_UNSPECIFIED',
                phone: pii.phone ? piiActionEnum(pii.phone) : 'PII_ACTION_UNSPECIFIED',
                card: pii.card ? piiActionEnum(pii.card) : 'PII_ACTION_UNSPECIFIED',
                iban: pii.iban ? piiActionEnum(pii.iban) : 'PII_ACTION_UNSPECIFIED',
                nationalId: pii.nationalId ? piiActionEnum(pii.nationalId) : 'PII_ACTION_UNSPECIFIED',
              }
            : null,
          blockedTerms: [...(doc.guardrails.blockedTerms ?? [])],
        }
      : null,
    logging: doc.logging ? loggingEnum(doc.logging) : 'LOGGING_LEVEL_UNSPECIFIED',
  };
  if (doc.maxTokensPerRequest !== undefined) rules.maxTokensPerRequest = doc.maxTokensPerRequest;
  return rules;
}

function toWireRate(limit: { requestsPerMinute?: number | undefined; tokensPerMinute?: number | undefined } | undefined): RateLimit__Output | null {
  if (!limit) return null;
  const out: RateLimit__Output = {};
  if (limit.requestsPerMinute !== undefined) out.requestsPerMinute = limit.requestsPerMinute;
  if (limit.tokensPerMinute !== undefined) out.tokensPerMinute = limit.tokensPerMinute;
  return out;
}
