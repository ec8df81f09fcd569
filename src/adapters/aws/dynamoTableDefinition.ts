import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The table of spec §1.1 as a CreateTable request: hash `PK`, range `SK`, GSIs `GSI1`..`GSI4`
 * (`GSInPK`/`GSInSK`) and `GSITYPE` (hash `TYPE`), all projecting every attribute, on-demand capacity,
 * and a stream with view type NEW_AND_OLD_IMAGES.
 */
const rangedIndexes = ['GSI1', 'GSI2', 'GSI3', 'GSI4'] as const;

export function receiptTableDefinition(tableName: string): CreateTableCommandInput {
  const stringAttribute = (AttributeName: string) => ({ AttributeName, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      ...['PK', 'SK', 'TYPE'].map(stringAttribute),
      ...rangedIndexes.flatMap((index) => [stringAttribute(`${index}PK`), stringAttribute(`${index}SK`)]),
    ],
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      ...rangedIndexes.map((index) => ({
        IndexName: index,
        KeySchema: [
          { AttributeName: `${index}PK`, KeyType: 'HASH' as const },
          { AttributeName: `${index}SK`, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      })),
      { IndexName: 'GSITYPE', KeySchema: [{ AttributeName: 'TYPE', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}
