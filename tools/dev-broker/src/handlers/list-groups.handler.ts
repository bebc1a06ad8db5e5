import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { encodeListGroupsResponse } from '../protocol/list-groups/response';

export const handleListGroups: ApiHandler = (broker, request) =>
  encodeListGroupsResponse(new Encoder(), request.header.apiVersion, broker.groups.list());
