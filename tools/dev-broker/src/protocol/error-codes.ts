/**
 * Kafka protocol error codes this broker returns, one table of code, retriable flag and message.
 * Source: https://kafka.apache.org/protocol#protocol_error_codes
 * (same table as kafkajs `src/protocol/error.js`).
 */
export interface ErrorCodeInfo {
  readonly code: number;
  readonly retriable: boolean;
  readonly message: string;
}

export const ErrorCode = {
  NONE: { code: 0, retriable: false, message: '' },
  UNKNOWN_SERVER_ERROR: { code: -1, retriable: false, message: 'The server experienced an unexpected error' },
  OFFSET_OUT_OF_RANGE: { code: 1, retriable: false, message: 'The requested offset is out of range' },
  CORRUPT_MESSAGE: { code: 2, retriable: true, message: 'This message has failed its CRC checksum or is invalid' },
  UNKNOWN_TOPIC_OR_PARTITION: { code: 3, retriable: true, message: 'This server does not host this partition' },
  MESSAGE_TOO_LARGE: { code: 10, retriable: false, message: 'The request included a message larger than the max message size the server will accept' },
  INVALID_FETCH_SIZE: { code: 4, retriable: false, message: 'The requested fetch size is invalid' },
  COORDINATOR_NOT_AVAILABLE: { code: 15, retriable: true, message: 'The coordinator is not available' },
  INVALID_TOPIC_EXCEPTION: { code: 17, retriable: false, message: 'The request attempted to perform an operation on an invalid topic' },
  RECORD_LIST_TOO_LARGE: { code: 18, retriable: false, message: 'The request included message batch larger than the configured segment size' },
  INVALID_REQUIRED_ACKS: { code: 21, retriable: false, message: 'Produce request specified an invalid value for required acks' },
  ILLEGAL_GENERATION: { code: 22, retriable: false, message: 'Specified group generation id is not valid' },
  INCONSISTENT_GROUP_PROTOCOL: { code: 23, retriable: false, message: 'The group member protocol type or protocols are not compatible' },
  INVALID_GROUP_ID: { code: 24, retriable: false, message: 'The configured groupId is invalid' },
  UNKNOWN_MEMBER_ID: { code: 25, retriable: false, message: 'The coordinator is not aware of this member' },
  INVALID_SESSION_TIMEOUT: { code: 26, retriable: false, message: 'The session timeout is not within the range allowed by the broker' },
  REBALANCE_IN_PROGRESS: { code: 27, retriable: false, message: 'The group is rebalancing, so a rejoin is needed' },
  INVALID_COMMIT_OFFSET_SIZE: { code: 28, retriable: false, message: 'The committing offset data size is not valid' },
  UNSUPPORTED_FOR_MESSAGE_FORMAT: { code: 43, retriable: false, message: 'The message format version on the broker does not support the request' },
  UNSUPPORTED_VERSION: { code: 35, retriable: false, message: 'The version of API is not supported' },
  TOPIC_ALREADY_EXISTS: { code: 36, retriable: false, message: 'Topic with this name already exists' },
  INVALID_PARTITIONS: { code: 37, retriable: false, message: 'Number of partitions is invalid' },
  INVALID_REPLICATION_FACTOR: { code: 38, retriable: false, message: 'Replication-factor is invalid' },
  INVALID_REPLICA_ASSIGNMENT: { code: 39, retriable: false, message: 'Replica assignment is invalid' },
  INVALID_CONFIG: { code: 40, retriable: false, message: 'Configuration is invalid' },
  INVALID_REQUEST: { code: 42, retriable: false, message: 'This most likely occurs because of a request being malformed by the client library' },
  OUT_OF_ORDER_SEQUENCE_NUMBER: { code: 45, retriable: false, message: 'The broker received an out of order sequence number' },
  DUPLICATE_SEQUENCE_NUMBER: { code: 46, retriable: false, message: 'The broker received a duplicate sequence number' },
  INVALID_PRODUCER_EPOCH: { code: 47, retriable: false, message: "Producer attempted an operation with an old epoch" },
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: { code: 53, retriable: false, message: 'Transactional Id authorization failed' },
  UNKNOWN_PRODUCER_ID: { code: 59, retriable: false, message: 'The broker could not locate the producer metadata associated with the Producer ID' },
  MEMBER_ID_REQUIRED: { code: 79, retriable: false, message: 'The group member needs to have a valid member id before actually entering a consumer group' },
  NON_EMPTY_GROUP: { code: 68, retriable: false, message: 'The group is not empty' },
  GROUP_ID_NOT_FOUND: { code: 69, retriable: false, message: 'The group id does not exist' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCodeName = keyof typeof ErrorCode;

const byCode = new Map<number, ErrorCodeName>(
  (Object.keys(ErrorCode) as ErrorCodeName[]).map((name) => [ErrorCode[name].code, name]),
);

/** Name for a numeric code, with a fallback for codes this table does not list. */
export function errorName(code: number): string {
  return byCode.get(code) ?? `KAFKA_ERROR_${code}`;
}
