/** API key -> handler. Every key listed in protocol/api-keys.ts has exactly one entry. */
import { ApiHandler } from '../broker-context';
import { ApiKey, ApiName } from '../protocol/api-keys';
import { handleApiVersions } from './api-versions.handler';
import { handleCreateTopics } from './create-topics.handler';
import { handleDeleteTopics } from './delete-topics.handler';
import { handleDescribeGroups } from './describe-groups.handler';
import { handleFetch } from './fetch.handler';
import { handleFindCoordinator } from './find-coordinator.handler';
import { handleHeartbeat } from './heartbeat.handler';
import { handleInitProducerId } from './init-producer-id.handler';
import { handleJoinGroup } from './join-group.handler';
import { handleLeaveGroup } from './leave-group.handler';
import { handleListGroups } from './list-groups.handler';
import { handleListOffsets } from './list-offsets.handler';
import { handleMetadata } from './metadata.handler';
import { handleOffsetCommit } from './offset-commit.handler';
import { handleOffsetFetch } from './offset-fetch.handler';
import { handleProduce } from './produce.handler';
import { handleSyncGroup } from './sync-group.handler';

const byName: Record<ApiName, ApiHandler> = {
  Produce: handleProduce,
  Fetch: handleFetch,
  ListOffsets: handleListOffsets,
  Metadata: handleMetadata,
  OffsetCommit: handleOffsetCommit,
  OffsetFetch: handleOffsetFetch,
  FindCoordinator: handleFindCoordinator,
  JoinGroup: handleJoinGroup,
  Heartbeat: handleHeartbeat,
  LeaveGroup: handleLeaveGroup,
  SyncGroup: handleSyncGroup,
  DescribeGroups: handleDescribeGroups,
  ListGroups: handleListGroups,
  ApiVersions: handleApiVersions,
  CreateTopics: handleCreateTopics,
  DeleteTopics: handleDeleteTopics,
  InitProducerId: handleInitProducerId,
};

export const handlers = new Map<number, ApiHandler>((Object.keys(byName) as ApiName[]).map((n) => [ApiKey[n], byName[n]]));

export { unsupportedApiVersionsResponse } from './api-versions.handler';
