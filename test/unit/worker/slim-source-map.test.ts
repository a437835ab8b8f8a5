import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withSlimSourceMap } from '../../../src/worker/slim-source-map';

const inline = (map: object) => `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
const mapOf = (code: string) => JSON.parse(Buffer.from(code.slice(code.indexOf('base64,') + 7), 'base64').toString()) as Record<string, unknown>;

describe('withSlimSourceMap (the prebuilt workflow bundle)', () => {
  const map = { version: 3, file: 'bundle.js', sources: ['a.ts'], sourcesContent: ['export const a = 1;'], names: [], mappings: 'AAAA' };
  const code = `var a = 1;\n${inline(map)}\n`;

  it('keeps the code and every field of the inline map but the sources text', () => {
    const slim = withSlimSourceMap(code);
    assert.ok(slim.startsWith('var a = 1;\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,'));
    const { sourcesContent, ...rest } = map;
    assert.deepEqual(mapOf(slim), rest);
    assert.equal(sourcesContent.length, 1);
  });

  it('leaves code without an inline map alone', () => {
    assert.equal(withSlimSourceMap('var a = 1;\n'), 'var a = 1;\n');
  });
});
