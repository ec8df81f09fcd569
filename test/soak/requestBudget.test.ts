import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { RequestBudget, RequestBudgetExceeded, meter } from '../../src/soak/requestBudget.js';

function meteredSqs(maxRequests: number) {
  const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } });
  const mock = mockClient(client);
  mock.on(GetQueueAttributesCommand).resolves({ Attributes: {} });
  const budget = new RequestBudget(maxRequests);
  return { client: meter(client, 'sqs', budget), mock, budget };
}

const command = () => new GetQueueAttributesCommand({ QueueUrl: 'https://sqs.example/q', AttributeNames: ['All'] });

describe('--max-requests caps the requests a soak sends', () => {
  it('counts every request by service and operation', async () => {
    const { client, budget } = meteredSqs(10);
    await client.send(command());
    await client.send(command());
    expect(budget.counts()).toMatchObject({ total: 2, byService: { sqs: 2 }, byOperation: { 'sqs.GetQueueAttributes': 2 } });
  });

  it('refuses the request after the cap without sending it and signals the run to stop', async () => {
    const { client, mock, budget } = meteredSqs(2);
    await client.send(command());
    await client.send(command());
    await expect(client.send(command())).rejects.toBeInstanceOf(RequestBudgetExceeded);
    expect(mock.calls()).toHaveLength(2);
    await expect(budget.exceeded).resolves.toBeUndefined();
    expect(budget.wasExceeded).toBe(true);
  });

  it('lets the cleanup through once the run is over, counted apart', async () => {
    const { client, mock, budget } = meteredSqs(1);
    await client.send(command());
    await expect(client.send(command())).rejects.toBeInstanceOf(RequestBudgetExceeded);
    budget.unlimited();
    await client.send(command());
    expect(mock.calls()).toHaveLength(2);
    expect(budget.counts()).toMatchObject({ total: 1, cleanup: 1 });
  });
});
