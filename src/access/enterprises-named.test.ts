import { enterprisesNamed } from './enterprises-named';

const A = '91310115MA1K3YJ12G';

describe('enterprisesNamed', () => {
  it('takes credit codes from any variable and from the answer\u2019s code fields, once each, and nothing else', () => {
    const data = { enterprise: { creditCode: A, name: A }, licences: { edges: [{ node: { holder: { creditCode: A } } }] }, note: 'x' };
    expect(enterprisesNamed({ c: A, nested: [A, 'not a code'] }, data)).toEqual([A]);
    expect(enterprisesNamed({}, { enterprises: { edges: [{ node: { name: A } }] } })).toEqual([]);
    expect(enterprisesNamed({ c: '91310115MA1K3YJ12X' }, null)).toEqual([]);
  });
});
