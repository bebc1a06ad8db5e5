import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { parse, stringify } from 'yaml';
import { ROOT, startPolicyService, type RunningPolicyService } from './support';

const ASC = join(ROOT, 'apps/cli/bin/asc.js');
const EXAMPLE = join(ROOT, 'infra/policy/examples/acme.yaml');

/** `asc apply -f` / `asc diff -f` (the built CLI) against the running policy service, with the demo file. */
describe('asc apply / asc diff against the policy service', () => {
  let service: RunningPolicyService;
  let dir: string;

  beforeAll(async () => {
    service = await startPolicyService();
    dir = await mkdtemp(join(tmpdir(), 'asc-policy-cli-'));
  });
  afterAll(async () => {
    await service?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const asc = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [ASC, ...args], {
        env: { PATH: process.env['PATH'] ?? '', ASC_POLICY_URL: service.httpUrl, ASC_ADMIN_TOKEN: service.adminToken },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdin.end();
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });

  it('diff shows the whole demo as drift on an empty system and exits 1', async () => {
    const result = await asc('diff', '-f', EXAMPLE);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('+ organization acme');
    expect(result.stdout).toContain('+ tenant acme-eu');
    expect(result.stdout).toContain('+ policy tenant/acme-eu');
    expect(result.stdout).toContain('    allowedRegions: (unset) -> ["eu"]');
    expect(result.stdout).toMatch(/\+ deployment tenant\/acme-eu\/gpt-4o-mini@eu-west-1/);
    expect(result.stderr).toMatch(/drift/);
  });

  it('apply refuses without confirmation when stdin is not a terminal, then applies with --yes as one audited change', async () => {
    const refused = await asc('apply', '-f', EXAMPLE);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);

    const applied = await asc('apply', '-f', EXAMPLE, '--yes');
    expect(applied.code).toBe(0);
    const version = Number(/Applied as policy version (\d+)/.exec(applied.stdout)?.[1]);
    expect(version).toBeGreaterThan(0);

    const pg = new Client({ connectionString: service.databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ action: string; entity_id: string }>("SELECT action, entity_id FROM admin_changes WHERE entity = 'policy'");
      expect(rows).toEqual([{ action: 'policy_set.applied', entity_id: String(version) }]);
      const { rows: deployments } = await pg.query<{ region: string }>('SELECT region FROM deployments ORDER BY region');
      expect(deployments.map((d) => d.region)).toEqual(['eu-central-1', 'eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1', 'us-west-2']);
    } finally {
      await pg.end();
    }

    const clean = await asc('diff', '-f', EXAMPLE);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/No changes/);
  });

  it('detects drift from an edited file, and refuses a tenant policy that widens its organization', async () => {
    const doc = parse(await readFile(EXAMPLE, 'utf8')) as { tenants: { slug: string; policy: { allowedRegions?: string[]; approvedModels?: string[] }; deployments: unknown[] }[] };
    const eu = doc.tenants.find((t) => t.slug === 'acme-eu')!;
    eu.policy.allowedRegions = ['eu-west'];
    eu.deployments = eu.deployments.slice(0, 1);
    const edited = join(dir, 'edited.yaml');
    await writeFile(edited, stringify(doc));
    const drift = await asc('diff', '-f', edited);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('~ policy tenant/acme-eu\n    allowedRegions: ["eu"] -> ["eu-west"]');
    expect(drift.stdout).toMatch(/- deployment tenant\/acme-eu\/gpt-4o-mini@eu-central-1 .*\n {4}enabled: true -> false/);

    eu.policy.approvedModels = ['gpt-4o-mini', 'claude-opus'];
    const widening = join(dir, 'widening.yaml');
    await writeFile(widening, stringify(doc));
    const refused = await asc('apply', '-f', widening, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("tenant acme-eu: model 'claude-opus' is not approved by the parent policy");
  });

  it('policy check decides over HTTP with the applied demo policy', async () => {
    const result = await asc('policy', 'check', '--tenant', 'acme-eu', '--model', 'gpt-4o-mini', '--region', 'us-east-1');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ allowed: false, reasons: [{ code: 'REGION_NOT_ALLOWED' }] });
  });
});
