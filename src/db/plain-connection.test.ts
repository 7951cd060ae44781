import { textLines } from './plain-connection';

describe('textLines', () => {
  it('is the UTF-8 bytes of the texts joined by line breaks', () => {
    const cases: string[][] = [[], [''], ['', ''], ['a'], ['{"a":1}', '{"b":"沪危运000001"}', '😀 \ud800 lone', 'x\\"y']];
    for (const lines of cases) expect(textLines(lines).equals(Buffer.from(lines.join('\n'), 'utf8'))).toBe(true);
  });

  it('holds a thousand canonical-sized lines', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ seq: i, transportDoc: `沪危运${i}`, pad: 'x'.repeat(400) }));
    const bytes = textLines(lines);
    expect(bytes.toString('utf8').split('\n')).toEqual(lines);
  });
});
