import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  BatchWriteRequest,
  BatchWriteResult,
  DeleteRequest,
  GetRequest,
  PutRequest,
  QueryPage,
  QueryRequest,
  Table,
  TransactAction,
  UpdateRequest,
} from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import type { AwsClientConfig } from './awsConfig.js';
import { createDynamoDocumentClient } from './dynamoClients.js';
import { dynamoCall } from './dynamoErrors.js';
import {
  batchWriteItem,
  deleteInput,
  getInput,
  putInput,
  queryInput,
  transactInput,
  updateInput,
  type WriteRequestInput,
  writeRequestKey,
} from './dynamoRequests.js';
import { backoffDelayMs, defaultRetryPolicy, type RetryPolicy } from './retry.js';

/**
 * The Table port on DynamoDB through the DocumentClient (spec §1.1). Throttled requests are retried
 * with backoff (retry.ts) and surface as Throttled when the attempts run out; BatchWriteItem re-sends
 * its UnprocessedItems with the same backoff and hands back what is still unprocessed after the last
 * attempt. TransactionCanceledException keeps its per-action reasons (TransactionCanceled).
 */
export interface DynamoTableOptions {
  readonly name: string;
  /** Default: a client from `config` (standard credential chain and region). */
  readonly client?: DynamoDBDocumentClient;
  readonly config?: AwsClientConfig;
  readonly retry?: Partial<RetryPolicy>;
}

export class DynamoTable implements Table {
  readonly name: string;
  readonly client: DynamoDBDocumentClient;
  readonly retry: RetryPolicy;

  constructor(options: DynamoTableOptions) {
    this.name = options.name;
    this.client = options.client ?? createDynamoDocumentClient(options.config);
    this.retry = { ...defaultRetryPolicy, ...options.retry };
  }

  async putItem(request: PutRequest): Promise<void> {
    const command = new PutCommand(putInput(this.name, request));
    await dynamoCall(this.retry, () => this.client.send(command));
  }

  async getItem(request: GetRequest): Promise<Item | undefined> {
    const command = new GetCommand(getInput(this.name, request));
    const output = await dynamoCall(this.retry, () => this.client.send(command));
    return output.Item as Item | undefined;
  }

  async updateItem(request: UpdateRequest): Promise<Item | undefined> {
    const command = new UpdateCommand(updateInput(this.name, request));
    const output = await dynamoCall(this.retry, () => this.client.send(command));
    return request.returnNew === true ? (output.Attributes as Item) : undefined;
  }

  async deleteItem(request: DeleteRequest): Promise<Item | undefined> {
    const command = new DeleteCommand(deleteInput(this.name, request));
    const output = await dynamoCall(this.retry, () => this.client.send(command));
    return output.Attributes as Item | undefined;
  }

  async query(request: QueryRequest): Promise<QueryPage> {
    const command = new QueryCommand(queryInput(this.name, request));
    const output = await dynamoCall(this.retry, () => this.client.send(command));
    const items = (output.Items ?? []) as Item[];
    return output.LastEvaluatedKey === undefined ? { items } : { items, lastEvaluatedKey: output.LastEvaluatedKey as Item };
  }

  async transactWriteItems(actions: readonly TransactAction[]): Promise<void> {
    const command = new TransactWriteCommand(transactInput(this.name, actions));
    await dynamoCall(this.retry, () => this.client.send(command));
  }

  async batchWriteItem(requests: readonly BatchWriteRequest[]): Promise<BatchWriteResult> {
    const originals = new Map<string, BatchWriteRequest>();
    let pending = requests.map((request) => {
      const input = batchWriteItem(request);
      originals.set(writeRequestKey(input), request);
      return input;
    });
    for (let attempt = 1; ; attempt++) {
      const command = new BatchWriteCommand({ RequestItems: { [this.name]: pending } });
      const output = await dynamoCall(this.retry, () => this.client.send(command));
      pending = (output.UnprocessedItems?.[this.name] ?? []) as WriteRequestInput[];
      if (pending.length === 0 || attempt >= this.retry.maxAttempts) break;
      await this.retry.sleep(backoffDelayMs(this.retry, attempt));
    }
    return { unprocessed: pending.map((input) => originals.get(writeRequestKey(input))!) };
  }
}
