import { createEfs, createLambdaTmp } from '../../src/adapters/memory/fs/memoryFileSystem.js';
import { SimulatedTasks } from '../../src/adapters/memory/tasks.js';
import { simulate } from '../support/simulate.js';
import { type FileSystemPorts, fileSystemContract } from './fileSystem.contract.js';

fileSystemContract({
  name: 'memory /tmp',
  async run(body: (ports: FileSystemPorts) => Promise<void>): Promise<void> {
    await simulate({}, (sim) => ({ fs: createLambdaTmp(sim, 'lambda', 10 * 1024 * 1024), tasks: new SimulatedTasks(sim), root: '/tmp' }), body);
  },
});

fileSystemContract({
  name: 'memory EFS',
  async run(body: (ports: FileSystemPorts) => Promise<void>): Promise<void> {
    await simulate(
      {},
      (sim) => ({ fs: createEfs(sim, 'efs'), tasks: new SimulatedTasks(sim), root: '/' }),
      async (ports) => {
        await ports.fs.mkdir('/mnt/chroma');
        await body({ ...ports, root: '/mnt/chroma' });
      },
    );
  },
});
