import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { AdminStore } from '@asc/db';

const ACTOR = 'system:npm-start';

/**
 * The policy demo of the embedded default (infra/policy/examples/acme.yaml): an organisation with an EU subsidiary
 * (EU-only deployments, PII redaction) and a US subsidiary (other models and limits), applied through the policy
 * service's admin API like `asc apply -f` would. Its deployments point at the mock provider, so they get the
 * mock's credentials here, and each subsidiary gets a fresh key.
 */
export async function seedPolicyDemo(args: {
  store: AdminStore;
  policyUrl: string;
  adminToken: string;
  file: string;
  mockSecrets: Record<string, string>;
}): Promise<{ slug: string; secret: string }[]> {
  const file = parse(readFileSync(args.file, 'utf8')) as { tenants?: { slug: string }[] };
  const response = await fetch(`${args.policyUrl}/admin/v1/policy/apply`, {
    method: 'POST',
    headers: { authorization: `Bearer ${args.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ file }),
  });
  if (!response.ok) throw new Error(`applying ${args.file} failed: ${response.status} ${await response.text()}`);

  const keys: { slug: string; secret: string }[] = [];
  for (const { slug } of file.tenants ?? []) {
    const tenant = await args.store.getTenant(slug);
    const credentials = await args.store.listCredentials({ tenantId: tenant.id });
    for (const deployment of await args.store.listDeployments({ tenantId: tenant.id })) {
      if (deployment.credentialId !== null) continue;
      const secret = args.mockSecrets[deployment.provider];
      if (secret === undefined) continue;
      const name = `${deployment.provider} (npm start)`;
      const credential =
        credentials.find((c) => c.name === name) ??
        (await args.store.createCredential({ actor: ACTOR, provider: deployment.provider, name, secret, tenantId: tenant.id }));
      if (!credentials.includes(credential)) credentials.push(credential);
      await args.store.updateDeployment({ actor: ACTOR, deploymentId: deployment.id, credentialId: credential.id });
    }
    for (const key of await args.store.listApiKeys(tenant.id)) {
      if (key.name === 'demo (npm start)' && key.revokedAt === null) await args.store.revokeApiKey({ actor: ACTOR, keyId: key.id });
    }
    keys.push({ slug, secret: (await args.store.createApiKey({ actor: ACTOR, tenantId: tenant.id, name: 'demo (npm start)' })).secret });
  }
  return keys;
}
