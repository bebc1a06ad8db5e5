/**
 * API keys this broker implements and the version range it advertises for each in ApiVersions.
 * Source: https://kafka.apache.org/protocol#protocol_api_keys
 *
 * Ranges stop below each API's first flexible version (except ApiVersions v3, which librdkafka sends first), so both
 * kafkajs 2.2.4 and librdkafka 2.0 negotiate classic encodings. Clients pick min(client max, broker max):
 * kafkajs lands on Produce v7, Fetch v11, Metadata v6, JoinGroup v5; librdkafka on the highest listed here it knows.
 */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  InitProducerId: 22,
} as const;

export type ApiName = keyof typeof ApiKey;

export interface VersionRange {
  readonly apiKey: number;
  readonly name: ApiName;
  readonly min: number;
  readonly max: number;
}

const ranges: Record<ApiName, [min: number, max: number]> = {
  Produce: [3, 7],
  Fetch: [4, 11],
  ListOffsets: [1, 5],
  Metadata: [0, 8],
  OffsetCommit: [0, 7],
  OffsetFetch: [0, 5],
  FindCoordinator: [0, 2],
  JoinGroup: [0, 5],
  Heartbeat: [0, 3],
  LeaveGroup: [0, 3],
  SyncGroup: [0, 3],
  DescribeGroups: [0, 4],
  ListGroups: [0, 2],
  ApiVersions: [0, 3],
  CreateTopics: [0, 4],
  DeleteTopics: [0, 3],
  InitProducerId: [0, 1],
};

export const SUPPORTED_VERSIONS: readonly VersionRange[] = (Object.keys(ApiKey) as ApiName[]).map((name) => {
  const [min, max] = ranges[name];
  return { apiKey: ApiKey[name], name, min, max };
});

const byKey = new Map<number, VersionRange>(SUPPORTED_VERSIONS.map((r) => [r.apiKey, r]));

export function versionRange(apiKey: number): VersionRange | undefined {
  return byKey.get(apiKey);
}

export function isVersionSupported(apiKey: number, version: number): boolean {
  const r = byKey.get(apiKey);
  return r !== undefined && version >= r.min && version <= r.max;
}
