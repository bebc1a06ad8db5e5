import type { AdminStore } from '@asc/db';

const ACTOR = 'system:npm-start';
const DEMO_KEY_NAME = 'demo (npm start)';

export interface ProviderSetup {
  provider: 'openai' | 'anthropic' | 'mistral';
  baseUrl: string;
  secret: string;
  region: string;
  deployments: readonly { model: string; operations: ('chat' | 'embeddings')[] }[];
}

/**
 * Providers the embedded default registers: the real ones whose keys are in the environment, otherwise the
 * mock provider under real model names, so the printed curl and unchanged SDKs work out of the box.
 */
export function providerSetups(env: NodeJS.ProcessEnv, mockUrl: string | undefined): ProviderSetup[] {
  const setups: ProviderSetup[] = [];
  const real = { openai: env.OPENAI_API_KEY, anthropic: env.ANTHROPIC_API_KEY, mistral: env.MISTRAL_API_KEY };
  const openai = [{ model: 'gpt-4o-mini', operations: ['chat'] as ('chat' | 'embeddings')[] }, { model: 'text-embedding-3-small', operations: ['embeddings'] as ('chat' | 'embeddings')[] }];
  const anthropic = [{ model: 'claude-sonnet-4-6', operations: ['chat'] as ('chat' | 'embeddings')[] }];
  const mistral = [{ model: 'mistral-small-latest', operations: ['chat'] as ('chat' | 'embeddings')[] }];
  if (real.openai) setups.push({ provider: 'openai', baseUrl: 'https://api.openai.com/v1', secret: real.openai, region: 'us', deployments: openai });
  if (real.anthropic) setups.push({ provider: 'anthropic', baseUrl: 'https://api.anthropic.com', secret: real.anthropic, region: 'us', deployments: anthropic });
  if (real.mistral) setups.push({ provider: 'mistral', baseUrl: 'https://api.mistral.ai/v1', secret: real.mistral, region: 'eu-west-1', deployments: mistral });
  if (setups.length === 0 && mockUrl) {
    setups.push({ provider: 'openai', baseUrl: `${mockUrl}/openai/v1`, secret: 'mock-openai-key', region: 'us-east-1', deployments: openai });
    setups.push({ provider: 'anthropic', baseUrl: `${mockUrl}/anthropic`, secret: 'mock-anthropic-key', region: 'us-east-1', deployments: anthropic });
    setups.push({ provider: 'mistral', baseUrl: `${mockUrl}/mistral/v1`, secret: 'mock-mistral-key', region: 'eu-west-1', deployments: mistral });
  }
  return setups;
}

/**
 * Makes the demo state true: a `demo` tenant, the providers' credentials and deployments (updated in place when
 * a URL changed), and a fresh demo key. Keys are only ever shown once, so each start issues a new demo key and
 * revokes the previous one instead of keeping a plaintext copy anywhere.
 */
export async function seedDemo(store: AdminStore, setups: readonly ProviderSetup[]): Promise<{ tenantSlug: string; secret: string }> {
  const tenants = await store.listTenants();
  const tenant = tenants.find((t) => t.slug === 'demo') ?? (await store.createTenant({ actor: ACTOR, slug: 'demo', name: 'Demo tenant' }));

  const credentials = await store.listCredentials();
  const deployments = await store.listDeployments();
  for (const setup of setups) {
    const name = `${setup.provider} (npm start)`;
    for (const old of credentials.filter((c) => c.name === name)) {
      // The secret may have changed (new env key): replace the credential and re-point its deployments below.
      for (const d of deployments.filter((d) => d.credentialId === old.id)) {
        await store.updateDeployment({ actor: ACTOR, deploymentId: d.id, credentialId: null });
      }
      await store.deleteCredential({ actor: ACTOR, credentialId: old.id });
    }
    const credential = await store.createCredential({ actor: ACTOR, provider: setup.provider, name, secret: setup.secret });
    for (const wanted of setup.deployments) {
      const existing = deployments.find((d) => d.tenantId === null && d.model === wanted.model && d.provider === setup.provider);
      const fields = { baseUrl: setup.baseUrl, region: setup.region, credentialId: credential.id, operations: wanted.operations, enabled: true };
      if (existing) {
        await store.updateDeployment({ actor: ACTOR, deploymentId: existing.id, ...fields });
      } else {
        await store.createDeployment({ actor: ACTOR, model: wanted.model, provider: setup.provider, upstreamModel: wanted.model, ...fields });
      }
    }
  }

  for (const key of await store.listApiKeys(tenant.id)) {
    if (key.name === DEMO_KEY_NAME && key.revokedAt === null) await store.revokeApiKey({ actor: ACTOR, keyId: key.id });
  }
  const issued = await store.createApiKey({ actor: ACTOR, tenantId: tenant.id, name: DEMO_KEY_NAME });
  return { tenantSlug: tenant.slug, secret: issued.secret };
}
