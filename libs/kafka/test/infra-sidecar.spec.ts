import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertBuilt, startShipper } from './processes';
import { tempDir } from './support';

const MANIFEST = join(__dirname, '../../../infra/event-shipper/gateway-with-shipper.yaml');

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  restartPolicy?: string;
  env?: Array<{ name: string; value?: string }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface Deployment {
  spec: { template: { spec: { initContainers: Container[]; containers: Container[] } } };
}

/** The example sidecar deployment agrees with the gateway config and the shipper CLI. */
describe('infra/event-shipper example deployment', () => {
  const pod = (parse(readFileSync(MANIFEST, 'utf8')) as Deployment).spec.template.spec;
  const shipper = pod.initContainers.find((c) => c.name === 'spool-shipper');
  const gateway = pod.containers.find((c) => c.name === 'gateway');
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    assertBuilt();
    dir = await tempDir('asc-kafka-infra-');
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('runs the shipper as a native sidecar on the gateway spool volume, with the gateway in external mode', () => {
    expect(shipper?.restartPolicy).toBe('Always');
    expect(shipper?.command).toEqual(['node', 'libs/kafka/dist/shipper-main.js']);
    const env = Object.fromEntries((gateway?.env ?? []).map((e) => [e.name, e.value]));
    expect(env['ASC_EVENT_SHIPPER']).toBe('external');
    const args = shipper?.args ?? [];
    expect(args[args.indexOf('--spool-dir') + 1]).toBe(env['ASC_SPOOL_DIR']);
    const mountOf = (c: Container | undefined) => c?.volumeMounts?.find((m) => env['ASC_SPOOL_DIR']?.startsWith(m.mountPath));
    expect(mountOf(shipper)?.name).toBeDefined();
    expect(mountOf(shipper)?.name).toBe(mountOf(gateway)?.name);
  });

  it('uses only options the shipper accepts (the built CLI starts with them and stops on SIGTERM)', async () => {
    const args = [...(shipper?.args ?? [])];
    args[args.indexOf('--spool-dir') + 1] = dir.path;
    args[args.indexOf('--metrics-port') + 1] = '0';
    args[args.indexOf('--metrics-host') + 1] = '127.0.0.1';
    // startShipper passes its own --spool-dir/--metrics-port first; the manifest's come later and win.
    const child = startShipper(`${dir.path}/unused`, '127.0.0.1:1', args);
    await child.running;
    child.child.kill('SIGTERM');
    expect(await child.done).toMatch(/drained=true .* code=0/);
  });
});
