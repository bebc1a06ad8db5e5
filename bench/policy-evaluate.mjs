// Micro-benchmark of @asc/policy's `evaluate` (the function the gateway runs per request on its local snapshot):
// an EU tenant under an organization, PII redaction on, a typical ~1 KB chat prompt (two e-mail addresses, an IBAN,
// a phone number, digits elsewhere), plus the same without a prompt (routing/approval/residency only).
//
//   npx tsc -b libs/policy && node bench/policy-evaluate.mjs [--iterations 200000]
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { compileSnapshot, evaluate, toWireRules, policyDocumentSchema } = require(join(root, 'libs/policy/dist/index.js'));

const at = process.argv.indexOf('--iterations');
const iterations = at > 0 ? Number(process.argv[at + 1]) : 200_000;
const rules = (doc) => toWireRules(policyDocumentSchema.parse(doc));
const deployments = [];
for (let i = 0; i < 40; i++) {
  deployments.push({ id: `d${i}`, model: `model-${i % 10}`, provider: 'openai', upstreamModel: `m${i}`, region: i % 2 ? 'eu-west-1' : 'us-east-1', priority: i, weight: 1, operations: ['chat'] });
}
const tenants = [];
for (let i = 0; i < 500; i++) tenants.push({ id: `t${i}`, slug: `tenant-${i}`, organizationId: 'org', active: true, rules: rules({ allowedRegions: ['eu'], guardrails: { pii: { email: 'redact', iban: 'redact', phone: 'redact', card: 'block', nationalId: 'block' }, blockedTerms: ['project falcon', 'osprey'] }, logging: 'metadata' }) });
const snapshot = compileSnapshot({
  schemaVersion: 1, version: 7, generatedAtMs: 0, exhaustedBudgetIds: [], keys: [],
  platform: rules({ maxTokensPerRequest: 16000 }),
  organizations: [{ id: 'org', slug: 'acme', rules: rules({ approvedModels: ['model-1', 'model-2', 'model-3'], rateLimits: { tenant: { requestsPerMinute: 1000 } } }) }],
  tenants, deployments,
});

const filler = 'Please summarise the following customer conversation and draft a polite reply that addresses every open point. ';
const prompt = (filler.repeat(4) + 'The customer, jane.doe@example.com (cc: billing@acme-corp.eu), asked us to refund order 88213 of 2024-03-14 to IBAN DE89 3704 0044 0532 0130 00 and to call her back on +49 30 901820 between 9 and 17. ' + filler.repeat(4)).slice(0, 1024);
const request = { tenant: 'tenant-123', keyId: 'key-1', model: 'model-1', estimatedTokens: 700, prompt };
const check = evaluate(snapshot, request);
if (!check.allowed || check.obligations.redactedPrompt === '') throw new Error(`unexpected decision ${JSON.stringify(check.reasons)}`);

function measure(name, req) {
  for (let i = 0; i < 20_000; i++) evaluate(snapshot, req); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) evaluate(snapshot, req);
  const us = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  console.log(`${name.padEnd(44)} ${us.toFixed(2)} µs/evaluation  (${Math.round(1e6 / us).toLocaleString('en')}/s on one core)`);
}

console.log(`prompt ${prompt.length} chars; redacted: ${check.obligations.redactedPrompt.match(/\[REDACTED:[A-Z_]+\]/g).join(' ')}`);
measure('no prompt (routing, approval, residency)', { ...request, prompt: undefined });
measure('1 KB prompt with PII, redaction on', request);
measure('1 KB prompt without PII, redaction on', { ...request, prompt: filler.repeat(10).slice(0, 1024) });
