import { SimulatedClock } from '../../src/adapters/memory/clock.js';
import { SeededRandom } from '../../src/adapters/memory/random.js';
import { SimulatedTasks } from '../../src/adapters/memory/tasks.js';
import type { Simulation } from '../../src/sim/simulation.js';
import { simulate } from '../support/simulate.js';
import type { ContractBackend } from './backend.js';
import { clockContract } from './clock.contract.js';
import { randomContract } from './random.contract.js';
import { tasksContract } from './tasks.contract.js';

function memoryBackend<Ports>(name: string, build: (sim: Simulation) => Ports): ContractBackend<Ports> {
  return { name, run: async (body) => void (await simulate({}, build, (ports) => body(ports))) };
}

clockContract(memoryBackend('simulated clock', (sim) => ({ clock: new SimulatedClock(sim) })));
randomContract(memoryBackend('seeded random', (sim) => ({ random: new SeededRandom(sim.seed) })));
tasksContract(memoryBackend('simulated tasks', (sim) => ({ tasks: new SimulatedTasks(sim), clock: new SimulatedClock(sim) })));
