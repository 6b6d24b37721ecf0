import type { TextRule } from './wallet-type';

/** Rules are stored as text (serializable); compile them once per pattern. */
const compiled = new Map<string, RegExp>();

export function matchesRule(value: string, rule: TextRule): boolean {
  let regex = compiled.get(rule.pattern);
  if (!regex) {
    regex = new RegExp(rule.pattern, 'u');
    compiled.set(rule.pattern, regex);
  }
  return regex.test(value);
}
