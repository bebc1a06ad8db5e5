import { z } from 'zod';
import type { EventContract } from './contract';
import { EVENT_CONTRACTS } from './topics';

/**
 * JSON Schema (draft 2020-12) for each event contract, for consumers outside this repo. Written to
 * `libs/contracts/schemas/<contract name>.json` by `write-json-schemas.ts`; a spec fails when the files drift.
 */
export function eventJsonSchema(contract: EventContract): Record<string, unknown> {
  const schema = z.toJSONSchema(contract.schema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: `https://asc.local/schemas/${contract.name}.json`,
    title: contract.name,
    description: `Kafka topic ${contract.topic}; content-type ${contract.contentType}; one JSON event per message.`,
    ...schema,
    examples: [contract.fixture],
  };
}

/** File name -> pretty-printed JSON with a trailing newline. */
export function eventJsonSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const contract of EVENT_CONTRACTS) {
    files[`${contract.name}.json`] = `${JSON.stringify(eventJsonSchema(contract), null, 2)}\n`;
  }
  return files;
}
