/**
 * A small JSON reader that keeps every number as its original text, so money never passes through
 * a JS float (`"USD": 4.61` stays "4.61", `"deposit_amount": 6000` stays "6000").
 *
 * `lenient: true` also accepts what Paykassma's documentation prints as responses: single-quoted
 * strings, trailing commas and a missing comma between object members. We always SEND strict JSON.
 */

/** A JSON number kept as the exact characters of the document. */
export class JsonNumber {
  constructor(readonly text: string) {}
  toNumber(): number {
    return Number(this.text);
  }
  toJSON(): number {
    return Number(this.text);
  }
}

export type LosslessValue = null | boolean | string | JsonNumber | LosslessValue[] | LosslessObject;
export interface LosslessObject {
  [key: string]: LosslessValue;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface ParseOptions {
  lenient?: boolean;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\r\n]*/y;

class Reader {
  private pos = 0;
  constructor(private readonly text: string, private readonly lenient: boolean) {}

  parseDocument(): LosslessValue {
    const value = this.value();
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('unexpected trailing characters');
    return value;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.pos);
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  private peek(): string {
    this.skipWhitespace();
    return this.text[this.pos] ?? '';
  }

  private value(): LosslessValue {
    const ch = this.peek();
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"' || (ch === "'" && this.lenient)) return this.string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
    for (const [word, result] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    return this.fail(ch === '' ? 'unexpected end of input' : `unexpected character ${JSON.stringify(ch)}`);
  }

  private number(): JsonNumber {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('malformed number');
    this.pos = NUMBER.lastIndex;
    return new JsonNumber(match[0]);
  }

  private string(): string {
    const quote = this.text[this.pos];
    let end = this.pos + 1;
    while (end < this.text.length && this.text[end] !== quote) end += this.text[end] === '\\' ? 2 : 1;
    if (end >= this.text.length) this.fail('unterminated string');
    let body = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    // Single-quoted doc strings: turn them into a double-quoted literal, then let JSON.parse unescape.
    if (quote === "'") body = singleToDoubleQuotedBody(body);
    try {
      return JSON.parse(`"${body}"`) as string;
    } catch {
      return this.fail('invalid string literal');
    }
  }

  private array(): LosslessValue[] {
    this.pos++; // [
    const items: LosslessValue[] = [];
    if (this.peek() === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value());
      const ch = this.peek();
      if (ch === ']') {
        this.pos++;
        return items;
      }
      if (ch !== ',') this.fail("expected ',' or ']'");
      this.pos++;
      if (this.lenient && this.peek() === ']') {
        this.pos++;
        return items;
      }
    }
  }

  private object(): LosslessObject {
    this.pos++; // {
    // No prototype: a "__proto__" key from the wire stays an ordinary key.
    const result = Object.create(null) as LosslessObject;
    if (this.peek() === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      const ch = this.peek();
      if (ch !== '"' && !(ch === "'" && this.lenient)) this.fail('expected a property name');
      const key = this.string();
      if (this.peek() !== ':') this.fail("expected ':'");
      this.pos++;
      result[key] = this.value();
      const next = this.peek();
      if (next === '}') {
        this.pos++;
        return result;
      }
      if (next === ',') {
        this.pos++;
        if (this.lenient && this.peek() === '}') {
          this.pos++;
          return result;
        }
        continue;
      }
      // The docs print `{ 'status': 'fail' 'message': 'MESSAGE' }`: tolerate the missing comma.
      if (this.lenient && (next === '"' || next === "'")) continue;
      this.fail("expected ',' or '}'");
    }
  }
}

function singleToDoubleQuotedBody(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1] ?? '';
      out += next === "'" ? "'" : ch + next;
      i++;
    } else {
      out += ch === '"' ? '\\"' : ch;
    }
  }
  return out;
}

export function parseLosslessJson(text: string, options: ParseOptions = {}): LosslessValue {
  return new Reader(text, options.lenient ?? false).parseDocument();
}

export function isLosslessObject(value: LosslessValue | undefined): value is LosslessObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}
