/** The top-level keys of one JSON object line, in order, repeats included (JSON.parse keeps only the last). */
export function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let index = 0;
  let isKeyNext = false;
  while (index < line.length) {
    const char = line[index];
    if (char === '"') {
      let end = index + 1;
      while (end < line.length && line[end] !== '"') {
        end += line[end] === '\\' ? 2 : 1;
      }
      if (depth === 1 && isKeyNext) {
        keys.push(JSON.parse(line.slice(index, end + 1)) as string);
      }
      isKeyNext = false;
      index = end + 1;
      continue;
    }
    if (char === '{' || char === '[') {
      depth += 1;
    } else if (char === '}' || char === ']') {
      depth -= 1;
    }
    isKeyNext = depth === 1 && (char === '{' || char === ',');
    index += 1;
  }
  return keys;
}

/** Each output line that is a JSON object, parsed, with its raw text. */
export function jsonLines(output: string): Array<{ raw: string; record: Record<string, unknown> }> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((raw) => ({ raw, record: JSON.parse(raw) as Record<string, unknown> }));
}
