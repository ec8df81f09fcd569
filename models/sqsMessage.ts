import { assign, setup } from 'xstate';

/**
 * One SQS message as the memory queues record it (`src/adapters/memory/sqs/memoryQueues.ts`,
 * `transitions.ts`). A sent message is visible (a delay is not evented, so a delayed message starts
 * visible); a receive puts it in flight, and a Standard queue may deliver an in-flight message again
 * (`sqs.duplicate`). When its visibility timeout passes it is visible again, and the most recent receipt
 * handle still deletes it. A receive past maxReceiveCount moves it, id kept, to the dead-letter queue
 * (`redriven`), where it is received again. Retention expires it in any live state. A FIFO send within the
 * deduplication interval names the first message (`deduplicated`) whatever state that one is in.
 */
export const sqsMessageStates = ['unsent', 'visible', 'inFlight', 'deleted', 'redriven', 'expired'] as const;

export const sqsMessageEvents = ['sent', 'received', 'deleted', 'visible', 'redriven', 'expired', 'deduplicated'] as const;

export type SqsMessageEvent = { readonly type: (typeof sqsMessageEvents)[number] };

export const sqsMessageMachine = setup({
  types: {
    events: {} as SqsMessageEvent,
    // Whether a receive handed out a handle in the queue the message is now in (a redrive voids them).
    context: {} as { readonly handleIssued: boolean },
  },
  guards: {
    handleIssued: ({ context }) => context.handleIssued,
  },
  actions: {
    issueHandle: assign({ handleIssued: true }),
    voidHandles: assign({ handleIssued: false }),
  },
}).createMachine({
  id: 'sqsMessage',
  initial: 'unsent',
  context: { handleIssued: false },
  on: { deduplicated: {} },
  states: {
    unsent: { on: { sent: 'visible' } },
    visible: {
      on: {
        received: { target: 'inFlight', actions: 'issueHandle' },
        deleted: { target: 'deleted', guard: 'handleIssued' },
        redriven: { target: 'redriven', actions: 'voidHandles' },
        expired: 'expired',
      },
    },
    inFlight: {
      on: {
        received: { target: 'inFlight', actions: 'issueHandle' },
        visible: 'visible',
        deleted: 'deleted',
        redriven: { target: 'redriven', actions: 'voidHandles' },
        expired: 'expired',
      },
    },
    redriven: {
      on: {
        received: { target: 'inFlight', actions: 'issueHandle' },
        expired: 'expired',
      },
    },
    deleted: { type: 'final' },
    expired: { type: 'final' },
  },
});
