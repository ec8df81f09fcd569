import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDynamoDocumentClient } from '../../src/adapters/aws/dynamoClients.js';
import { DynamoTable } from '../../src/adapters/aws/dynamoTable.js';
import { receiptTableDefinition } from '../../src/adapters/aws/dynamoTableDefinition.js';
import { uniqueName } from './localTargets.js';

/**
 * The table of spec §1.1 on the dynalite the global setup started (test/globalSetup/localServers.ts).
 * Each test file creates its own table (dynalite keeps StreamSpecification out of it: toolchain.md),
 * and each contract case starts from an empty table.
 */
export function localDynamoClient(): DynamoDBDocumentClient {
  return createDynamoDocumentClient({
    region: 'us-east-1',
    endpoint: inject('dynamodbEndpoint'),
    credentials: { accessKeyId: 'dynalite', secretAccessKey: 'dynalite' },
  });
}

export async function createLocalTable(client: DynamoDBDocumentClient, prefix: string): Promise<DynamoTable> {
  const name = uniqueName(prefix);
  await client.send(new CreateTableCommand(receiptTableDefinition(name)));
  while ((await client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return new DynamoTable({ name, client });
}

/** Deletes every item (Scan, then BatchWriteItem in groups of 25). */
export async function emptyTable(table: DynamoTable): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const scan = await table.client.send(
      new ScanCommand({ TableName: table.name, ProjectionExpression: 'PK, SK', ...(start === undefined ? {} : { ExclusiveStartKey: start }) }),
    );
    const keys = scan.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      const requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      await table.client.send(new BatchWriteCommand({ RequestItems: { [table.name]: requests } }));
    }
    start = scan.LastEvaluatedKey;
  } while (start !== undefined);
}
