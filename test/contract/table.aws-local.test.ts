import { beforeAll } from 'vitest';
import type { DynamoTable } from '../../src/adapters/aws/dynamoTable.js';
import { createLocalTable, emptyTable, localDynamoClient } from '../aws/dynamoLocal.js';
import { committedNotSupported } from './unsupported.js';
import { tableContract } from './table.contract.js';

let table: DynamoTable;

beforeAll(async () => {
  table = await createLocalTable(localDynamoClient(), 'table-contract');
});

tableContract({
  name: 'dynalite',
  unsupported: committedNotSupported('dynalite'),
  run: async (body) => {
    await emptyTable(table);
    // dynalite answers every read from its latest state, so there is nothing to wait for.
    await body({ table, settle: async () => {} });
  },
});
