import { JsonNumber, JsonSyntaxError, parseLosslessJson, stringifyLossless } from '../src';

describe('lossless / lenient JSON', () => {
  it('keeps number text', () => {
    const value = parseLosslessJson('{"a": 4.610, "b": [1e-7, -0.5]}') as Record<string, unknown>;
    expect((value['a'] as JsonNumber).text).toBe('4.610');
    expect((value['b'] as JsonNumber[]).map((n) => n.text)).toEqual(['1e-7', '-0.5']);
  });

  it('is strict unless asked to be lenient', () => {
    expect(() => parseLosslessJson("{ 'status': 'fail' }")).toThrow(JsonSyntaxError);
    expect(() => parseLosslessJson('{ "status": "ok", }')).toThrow(JsonSyntaxError);
  });

  it('reads the documentation’s pseudo-JSON leniently', () => {
    expect(parseLosslessJson('{ "status": "ok", }', { lenient: true })).toEqual({ status: 'ok' });
    expect(parseLosslessJson("{ 'status': 'fail', 'message': 'MESSAGE' }", { lenient: true })).toEqual({ status: 'fail', message: 'MESSAGE' });
    // easypaisa's "Response Fail" even drops the comma between members.
    expect(parseLosslessJson("{\n 'status': 'fail'\n 'message': 'MESSAGE'\n}", { lenient: true })).toEqual({ status: 'fail', message: 'MESSAGE' });
    expect(parseLosslessJson("{'m': 'it\\'s \"x\"', 'l': [1,2,],}", { lenient: true })).toEqual({ m: 'it\'s "x"', l: [new JsonNumber('1'), new JsonNumber('2')] });
  });

  it('treats "__proto__" as an ordinary key', () => {
    const value = parseLosslessJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('rejects garbage', () => {
    for (const text of ['', '<html>', '{"a":1} x', '{"a":01}', '"unterminated']) expect(() => parseLosslessJson(text, { lenient: true })).toThrow(JsonSyntaxError);
  });

  it('writes JsonNumber text verbatim', () => {
    expect(stringifyLossless({ amount: new JsonNumber('1200.5'), skip: undefined, list: [new JsonNumber('1')] })).toBe('{"amount":1200.5,"list":[1]}');
  });
});
