import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../src/adapters/node/nodeFileSystem.js';
import { RealTasks } from '../../src/adapters/node/realTasks.js';
import { FileSystemError } from '../../src/ports/errors.js';
import { listFilesRecursive } from '../../src/ports/fileSystem.js';

describe('the FileSystem port on the host disk (a soak container /tmp)', () => {
  let root = '';
  let fs: NodeFileSystem;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'receipt-sim-nodefs-'));
    fs = new NodeFileSystem('tmp', root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  const text = async (path: string): Promise<string> => new TextDecoder().decode(await fs.readFile(path));

  it('writes, overwrites at an offset, extends, renames and lists files under its root', async () => {
    await fs.mkdir('/tmp/store/index');
    await fs.writeFile('/tmp/store/db', bytes('hello world'));
    await fs.writeAt('/tmp/store/db', 6, bytes('there!'));
    await fs.writeAt('/tmp/store/index/new', 0, bytes('x'));
    await fs.rename('/tmp/store', '/tmp/moved');
    expect(await text('/tmp/moved/db')).toBe('hello there!');
    expect(await listFilesRecursive(fs, '/tmp/moved')).toEqual(['db', 'index/new']);
    expect(await fs.stat('/tmp/moved/db')).toMatchObject({ type: 'file', size: 12 });
    expect(await fs.stat('/tmp/store')).toBeUndefined();
  });

  it('reports missing files as FileSystemError ENOENT and removes like rm -rf', async () => {
    await expect(fs.readFile('/tmp/none')).rejects.toEqual(new FileSystemError('ENOENT', '/tmp/none'));
    await expect(fs.writeFile('/tmp/no/parent', bytes('x'))).rejects.toBeInstanceOf(FileSystemError);
    await fs.mkdir('/tmp/a/b');
    await fs.remove('/tmp/a');
    await fs.remove('/tmp/a');
    expect(await fs.readdir('/tmp')).toEqual([]);
  });

  it('refuses paths that would leave its root', async () => {
    await expect(fs.readFile('/tmp/../../etc/passwd')).rejects.toBeInstanceOf(FileSystemError);
    await expect(fs.readFile('relative')).rejects.toBeInstanceOf(FileSystemError);
  });
});

describe('the Tasks port on the event loop', () => {
  it('joins a finished task, keeps a failing task from raising, and reports a join that timed out', async () => {
    const tasks = new RealTasks();
    const finished = tasks.spawn('done', async () => undefined);
    expect(await finished.join()).toBe(true);
    expect(finished.done).toBe(true);
    const failing = tasks.spawn('fails', async () => Promise.reject(new Error('boom')));
    expect(await failing.join()).toBe(true);
    let release: () => void = () => undefined;
    const pending = tasks.spawn('pending', () => new Promise<void>((resolve) => (release = resolve)));
    expect(await pending.join(1)).toBe(false);
    expect(pending.done).toBe(false);
    release();
    expect(await pending.join()).toBe(true);
  });
});
