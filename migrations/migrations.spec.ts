import { readdirSync } from 'node:fs';
import { migrations } from './index';

describe('migrations/index.ts', () => {
  it('lists every migration file in the folder, oldest first', () => {
    const files = readdirSync(__dirname)
      .filter((f) => /^\d{13}-\w+\.ts$/.test(f))
      .sort();
    const listed = migrations.map((m) => {
      const name = (m as unknown as { name: string }).name;
      const [, className, timestamp] = /^(\w+?)(\d{13})$/.exec(name)!;
      return `${timestamp}-${className}.ts`;
    });
    expect(listed).toEqual(files);
  });
});
