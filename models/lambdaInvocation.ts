import { setup } from 'xstate';

/**
 * One Lambda invocation as the memory runtime records it (`src/adapters/memory/lambda/runtime.ts`): the
 * service either throttles the invoke (reserved concurrency reached) or starts it, and a started
 * invocation ends exactly once, by returning, throwing, timing out or crashing.
 */
export const lambdaInvocationStates = ['idle', 'running', 'success', 'error', 'timeout', 'crash', 'throttled'] as const;

export const lambdaInvocationEvents = ['start', 'success', 'error', 'timeout', 'crash', 'throttled'] as const;

export type LambdaInvocationEvent = { readonly type: (typeof lambdaInvocationEvents)[number] };

export const lambdaInvocationMachine = setup({
  types: { events: {} as LambdaInvocationEvent },
}).createMachine({
  id: 'lambdaInvocation',
  initial: 'idle',
  states: {
    idle: { on: { start: 'running', throttled: 'throttled' } },
    running: { on: { success: 'success', error: 'error', timeout: 'timeout', crash: 'crash' } },
    success: { type: 'final' },
    error: { type: 'final' },
    timeout: { type: 'final' },
    crash: { type: 'final' },
    throttled: { type: 'final' },
  },
});
