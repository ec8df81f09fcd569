import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailed, PortError, TransactionCanceled } from '../../ports/errors.js';
import { attributeNotExists } from '../../ports/expressions.js';
import type { TableKey } from '../../ports/table.js';
import type { CapabilityProbe, ProbeFinding } from './capabilities.js';
import { dynamoCall } from './dynamoErrors.js';
import type { DynamoTable } from './dynamoTable.js';

/**
 * Probes what a DynamoDB target really does before a profile relies on it: a server may accept a
 * conditional put and ignore its condition, not know TransactWriteItems (dynalite), or have a table
 * without a NEW_AND_OLD_IMAGES stream (dynalite drops StreamSpecification). The probe item lives under
 * `PROBE#receipt-sim` / `CAPABILITIES#<run id>` (no entity of the spec uses that PK, so its stream
 * records are ignored); it is deleted before (a crashed probe of this run may have left it) and after.
 */
const probePartition = 'PROBE#receipt-sim';

type Outcome = 'refused' | 'accepted' | 'unknown operation';

async function outcome(write: Promise<unknown>, refusal: new (...args: never[]) => Error): Promise<Outcome> {
  try {
    await write;
    return 'accepted';
  } catch (error) {
    if (error instanceof refusal) return 'refused';
    if (error instanceof PortError && error.code === 'UnknownOperationException') return 'unknown operation';
    throw error;
  }
}

/** The table's stream ARN when a stream with view type NEW_AND_OLD_IMAGES is enabled (spec §1.1). */
export async function tableStreamArn(table: DynamoTable): Promise<string | undefined> {
  const command = new DescribeTableCommand({ TableName: table.name });
  const description = (await dynamoCall(table.retry, () => table.client.send(command))).Table;
  const stream = description?.StreamSpecification;
  if (stream?.StreamEnabled !== true || stream.StreamViewType !== 'NEW_AND_OLD_IMAGES') return undefined;
  return description?.LatestStreamArn;
}

async function writeFindings(table: DynamoTable, key: TableKey): Promise<ProbeFinding[]> {
  const where = `${key.PK} / ${key.SK} in ${table.name}`;
  await table.putItem({ item: { ...key, TYPE: 'PROBE' }, condition: attributeNotExists('PK') });
  const second = await outcome(table.putItem({ item: { ...key, TYPE: 'PROBE' }, condition: attributeNotExists('PK') }), ConditionalCheckFailed);
  const check = table.transactWriteItems([{ kind: 'conditionCheck', key, condition: attributeNotExists('PK') }]);
  const transaction = await outcome(check, TransactionCanceled);
  return [
    {
      capability: 'dynamodb.conditionalWrites',
      present: second === 'refused',
      evidence: `a second put with attribute_not_exists(PK) on ${where} was ${second === 'refused' ? 'refused (ConditionalCheckFailed)' : 'accepted'}`,
    },
    {
      capability: 'dynamodb.transactions',
      present: transaction === 'refused',
      evidence: `a TransactWriteItems whose condition fails on ${where} was ${transaction === 'refused' ? 'cancelled (TransactionCanceled)' : transaction}`,
    },
  ];
}

export function dynamoCapabilityProbe(table: DynamoTable, runId: string): CapabilityProbe {
  return {
    covers: ['dynamodb.conditionalWrites', 'dynamodb.transactions', 'dynamodb.streams'],
    async probe(): Promise<readonly ProbeFinding[]> {
      const key = { PK: probePartition, SK: `CAPABILITIES#${runId}` };
      await table.deleteItem({ key });
      let findings: ProbeFinding[];
      try {
        findings = await writeFindings(table, key);
      } finally {
        await table.deleteItem({ key });
      }
      const streamArn = await tableStreamArn(table);
      const evidence = streamArn === undefined ? `table ${table.name} has no NEW_AND_OLD_IMAGES stream` : `stream ${streamArn}`;
      return [...findings, { capability: 'dynamodb.streams', present: streamArn !== undefined, evidence }];
    },
  };
}
