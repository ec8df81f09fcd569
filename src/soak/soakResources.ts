import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { type BucketLocationConstraint, CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { receiptTableDefinition } from '../adapters/aws/dynamoTableDefinition.js';
import { SqsQueueAdmin } from '../adapters/aws/sqsQueueAdmin.js';
import type { Era, QueueType, MaxReceiveCount } from '../pipeline/config/flags.js';
import { type QueueDeployment, deadLetterQueueOf, llmValidationQueue, queuesFor } from '../harness/world/deployment.js';
import { maxReceiveCountFor } from '../harness/world/pipelineQueues.js';
import type { QueueRole } from '../harness/world/pipelineQueues.js';
import { listAllObjects, type ObjectStore } from '../ports/objectStore.js';
import type { SoakClients } from './soakClients.js';
import type { SoakNames } from './soakNames.js';

/**
 * The table, bucket and queues of one soak run. `provision` creates what the run owns (`--create-resources`:
 * the table with its stream, the bucket unless one was named, every queue and its DLQ with the spec's
 * settings, names prefixed) or looks up existing queues by prefixed name; `cleanup` deletes every object
 * under the run's key prefix and then whatever the run created, best effort, and reports what it did.
 */
export interface SoakQueue {
  readonly role: QueueRole;
  readonly url: string;
  readonly arn: string;
  readonly deadLetterUrl: string;
}

export interface ResourcePlan {
  readonly names: SoakNames;
  readonly createTable: boolean;
  readonly createBucket: boolean;
  readonly createQueues: boolean;
  readonly flags: { readonly era: Era; readonly queueType: QueueType; readonly maxReceiveCount: MaxReceiveCount };
}

export interface CleanupReport {
  readonly objectsDeleted: number;
  readonly deleted: readonly string[];
  readonly failures: readonly string[];
}

const tableActiveTimeoutMs = 300_000;

export class SoakResources {
  readonly queues: SoakQueue[] = [];
  private readonly createdQueueUrls: string[] = [];
  private createdTable: string | undefined;
  private createdBucket: string | undefined;

  private constructor(
    private readonly clients: SoakClients,
    readonly plan: ResourcePlan,
  ) {}

  /** Creates or looks up the run's resources; on failure deletes what it created, then rethrows. */
  static async provision(clients: SoakClients, plan: ResourcePlan, sleep: (ms: number) => Promise<void>): Promise<SoakResources> {
    const resources = new SoakResources(clients, plan);
    try {
      await resources.provisionAll(sleep);
      return resources;
    } catch (error) {
      await resources.cleanup(undefined);
      throw error;
    }
  }

  queue(role: QueueRole): SoakQueue | undefined {
    return this.queues.find((q) => q.role === role);
  }

  /** Deletes the objects under the run's prefix (through `store`, the prefixed view), then what the run created. */
  async cleanup(store: ObjectStore | undefined): Promise<CleanupReport> {
    const deleted: string[] = [];
    const failures: string[] = [];
    const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
      try {
        await action();
        deleted.push(what);
      } catch (error) {
        failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    let objectsDeleted = 0;
    if (store !== undefined) {
      await attempt(`objects under s3://${store.bucket}/${this.plan.names.runPrefix}/`, async () => {
        for (const object of await listAllObjects(store, '')) {
          await store.deleteObject(object.key);
          objectsDeleted++;
        }
      });
    }
    for (const url of this.createdQueueUrls.splice(0).reverse()) {
      await attempt(`queue ${url}`, () => this.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url })));
    }
    const table = this.createdTable;
    this.createdTable = undefined;
    if (table !== undefined) await attempt(`table ${table}`, () => this.clients.dynamodb.send(new DeleteTableCommand({ TableName: table })));
    const bucket = this.createdBucket;
    this.createdBucket = undefined;
    if (bucket !== undefined && failures.length === 0) await attempt(`bucket ${bucket}`, () => this.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    return { objectsDeleted, deleted, failures };
  }

  private async provisionAll(sleep: (ms: number) => Promise<void>): Promise<void> {
    const { names } = this.plan;
    if (this.plan.createBucket) {
      const location = this.clients.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: this.clients.region as BucketLocationConstraint } };
      await this.clients.s3.send(new CreateBucketCommand({ Bucket: names.bucket, ...location }));
      this.createdBucket = names.bucket;
    }
    if (this.plan.createTable) {
      await this.clients.dynamodb.send(new CreateTableCommand(receiptTableDefinition(names.table)));
      this.createdTable = names.table;
      await this.tableActive(sleep);
    }
    const set = queuesFor(this.plan.flags.era, this.plan.flags.queueType);
    const roles: [QueueRole, QueueDeployment | undefined][] = [
      ['lines', set.lines],
      ['words', set.words],
      ['summary', set.summary],
      ['lineItems', set.lineItems],
      ['llmValidation', this.plan.flags.era === 'head' ? llmValidationQueue : undefined],
    ];
    for (const [role, deployment] of roles) if (deployment !== undefined) this.queues.push(await this.queueFor(role, deployment));
  }

  private async queueFor(role: QueueRole, deployment: QueueDeployment): Promise<SoakQueue> {
    const admin = new SqsQueueAdmin(this.clients.sqs);
    const prefixed = (name: string): string => `${this.plan.names.queuePrefix}-${name}`;
    const deadLetter = deadLetterQueueOf(deployment.config);
    if (!this.plan.createQueues) {
      const lookUp = async (name: string): Promise<string> => (await this.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';
      const url = await lookUp(prefixed(deployment.config.name));
      return { role, url, arn: await admin.queueArn(url), deadLetterUrl: await lookUp(prefixed(deadLetter.name)) };
    }
    const deadLetterUrl = await admin.createQueue({ ...deadLetter, name: prefixed(deadLetter.name) });
    this.createdQueueUrls.push(deadLetterUrl);
    const maxReceiveCount = maxReceiveCountFor(this.plan.flags.maxReceiveCount, deployment);
    const url = await admin.createQueue({ ...deployment.config, name: prefixed(deployment.config.name), redrive: { deadLetterQueueUrl: deadLetterUrl, maxReceiveCount } });
    this.createdQueueUrls.push(url);
    return { role, url, arn: await admin.queueArn(url), deadLetterUrl };
  }

  private async tableActive(sleep: (ms: number) => Promise<void>): Promise<void> {
    for (let waited = 0; waited < tableActiveTimeoutMs; waited += 2_000) {
      const description = await this.clients.dynamodb.send(new DescribeTableCommand({ TableName: this.plan.names.table }));
      const indexes = description.Table?.GlobalSecondaryIndexes ?? [];
      if (description.Table?.TableStatus === 'ACTIVE' && indexes.every((i) => i.IndexStatus === undefined || i.IndexStatus === 'ACTIVE')) return;
      await sleep(2_000);
    }
    throw new Error(`table ${this.plan.names.table} did not become ACTIVE within ${tableActiveTimeoutMs / 1000} s`);
  }
}
